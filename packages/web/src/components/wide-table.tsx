import { Table, type TableProps } from './table';

/**
 * A {@link Table} of many columns that scrolls sideways on its own on a narrow screen, rather
 * than the page; the region can be focused to scroll it from the keyboard.
 */
export function WideTable(props: TableProps) {
  return (
    <div className="app-scroll-x" tabIndex={0} role="region" aria-label={props.caption}>
      <Table {...props} />
    </div>
  );
}
