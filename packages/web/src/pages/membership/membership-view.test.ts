import { describe, expect, it } from 'vitest';
import { sectionOf, sectionPages } from '../../capabilities';
import type { MembershipCard } from '../../api/membership';
import { ApiError } from '../../api/problem';
import {
  BOARD_STAGES,
  FINAL_STAGES,
  JOINING_STAGES,
  MEMBER_BOARD_STAGES,
  fieldHref,
  groupByStage,
  ragCountsText,
  refusedItems,
} from './membership-view';

const card = (name: string, stage: MembershipCard['stage']): MembershipCard => ({
  practiceId: name,
  odsCode: 'A81001',
  name,
  stage,
  stageSince: '2025-01-01',
  listSize: null,
  listSizeDate: null,
  dueDiligence: { red: 0, amber: 0, green: 0, unrated: 7, complete: false },
});

describe('membership board', () => {
  it('has a column for every stage but the final ones, in lifecycle order', () => {
    expect(BOARD_STAGES).toEqual([
      'enquiry',
      'due-diligence',
      'decision',
      'signed',
      'onboarding',
      'member',
      'leaving',
    ]);
    expect(FINAL_STAGES).toEqual(['left', 'declined', 'withdrawn']);
    expect([...JOINING_STAGES, ...MEMBER_BOARD_STAGES]).toEqual(BOARD_STAGES);
  });

  it('groups practices by stage, by name, with empty stages present', () => {
    const groups = groupByStage([
      card('Zeta Surgery', 'enquiry'),
      card('Alpha Surgery', 'enquiry'),
      card('Mid Surgery', 'left'),
    ]);
    expect(groups.get('enquiry')?.map((c) => c.name)).toEqual(['Alpha Surgery', 'Zeta Surgery']);
    expect(groups.get('left')).toHaveLength(1);
    expect(groups.get('decision')).toEqual([]);
    expect(groups.size).toBe(10);
  });

  it('says the due-diligence counts in words', () => {
    expect(ragCountsText({ red: 1, amber: 2, green: 3, unrated: 1 })).toBe(
      '3 green, 2 amber, 1 red, 1 not rated',
    );
  });
});

describe('fieldHref', () => {
  const fields = { odsCode: 'odsCode', decidedBy: 'decidedBy', reason: 'decisionReason' };
  it('links a server field to its form field, or to the fallback', () => {
    expect(fieldHref('body/odsCode', fields, 'x')).toBe('#odsCode');
    expect(fieldHref('body/decision/reason', fields, 'x')).toBe('#decisionReason');
    expect(fieldHref('body/surprise', fields, 'x')).toBe('#x');
    expect(fieldHref('', fields, 'x')).toBe('#x');
  });

  it('shows a failed request’s problem at its fields, or says it could not be saved', () => {
    const refused = refusedItems(fields, 'odsCode');
    const problem = {
      type: 't',
      title: 'Bad',
      status: 400,
      code: 'validation-failed',
      detail: 'body/decision/reason: Enter the reason',
      errors: [{ field: 'body/decision/reason', message: 'Enter the reason' }],
    };
    expect(refused(new ApiError(problem))).toEqual([
      { text: 'Enter the reason', href: '#decisionReason' },
    ]);
    expect(refused(new ApiError({ ...problem, status: 409, errors: [] }))).toEqual([
      { text: 'body/decision/reason: Enter the reason', href: '#odsCode' },
    ]);
    expect(refused(new TypeError('Failed to fetch'))).toEqual([
      { text: 'The change could not be saved: try again', href: '#odsCode' },
    ]);
  });
});

describe('the membership pages', () => {
  it('belong to the organisation section', () => {
    const page = sectionPages.find((p) => p.path === '/organisation/membership');
    expect(page).toMatchObject({ capability: 'org', title: 'Membership pipeline' });
    expect(sectionOf('/organisation/membership/abc-123')?.id).toBe('org');
  });
});
