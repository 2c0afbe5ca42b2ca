import {
  DELIVERY_CHANNEL_LABELS,
  DELIVERY_CHANNELS,
  SLOT_SERVICE_LABELS,
  SLOT_SERVICES,
} from '@atscale/domain';
import type { Choice } from '../../../components/choice';
import { Select } from '../../../components/select';
import { TextInput } from '../../../components/text-input';

const CHANNEL_NAMES: Readonly<Record<string, string | undefined>> = DELIVERY_CHANNEL_LABELS;

/** How a slot is delivered, in words ("In person"); an unknown channel as it is. */
export const channelLabel = (channel: string): string => CHANNEL_NAMES[channel] ?? channel;

interface SelectFieldProps {
  value: string;
  onChange: (value: string) => void;
  /** A first option with no value, such as "Any service". */
  prompt?: string;
}

// A select of one of a slot's fields, telling its chosen value.
function SlotSelect({
  id,
  label,
  options,
  value,
  onChange,
  prompt,
}: SelectFieldProps & { id: string; label: string; options: readonly Choice[] }) {
  return (
    <Select
      id={id}
      label={label}
      prompt={prompt}
      value={value}
      options={options}
      onChange={(e) => {
        onChange(e.target.value);
      }}
    />
  );
}

const serviceChoices = SLOT_SERVICES.map((s) => ({ value: s, label: SLOT_SERVICE_LABELS[s] }));
const channelChoices = DELIVERY_CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }));

/** The service a slot offers (`service`). */
export function ServiceSelect(props: SelectFieldProps) {
  return <SlotSelect id="service" label="Service" options={serviceChoices} {...props} />;
}

/** How a slot is delivered (`channel`): in person, by telephone or by video. */
export function ChannelSelect(props: SelectFieldProps) {
  return <SlotSelect id="channel" label="How" options={channelChoices} {...props} />;
}

/** A range of dates, "From" and "To", as date fields with the given ids. */
export function DateRangeInputs({
  ids,
  from,
  to,
  onChange,
}: {
  ids: { from: string; to: string };
  from: string;
  to: string;
  onChange: (range: { from: string; to: string }) => void;
}) {
  const range = { from, to };
  return (
    <>
      {(['from', 'to'] as const).map((end) => (
        <TextInput
          key={end}
          id={ids[end]}
          label={end === 'from' ? 'From' : 'To'}
          type="date"
          value={range[end]}
          onChange={(e) => {
            onChange({ ...range, [end]: e.target.value });
          }}
        />
      ))}
    </>
  );
}
