import { describe, expect, it } from 'vitest';
import { AtscaleError } from '../errors.js';
import { DUE_DILIGENCE_ITEMS, type DueDiligenceItem } from './due-diligence.js';
import {
  MEMBERSHIP_STAGES,
  listOnLeaving,
  nextStages,
  transition,
  type MembershipStage,
} from './membership.js';

function errorOf(act: () => unknown): AtscaleError {
  try {
    act();
  } catch (error) {
    if (error instanceof AtscaleError) return error;
    throw error;
  }
  throw new Error('expected an AtscaleError');
}

const on = '2025-04-01';
const decision = { decidedBy: 'OHP board', reason: 'Strong finances; shares our ethos' };
const allGreen: DueDiligenceItem[] = DUE_DILIGENCE_ITEMS.map((item) => ({
  item,
  rating: 'green',
  evidence: 'Seen and filed',
}));

describe('membership lifecycle', () => {
  it('walks the whole way from enquiry to left', () => {
    const path: MembershipStage[] = [
      'enquiry',
      'due-diligence',
      'decision',
      'signed',
      'onboarding',
      'member',
      'leaving',
      'left',
    ];
    const context = { form: 'federation' as const, on, dueDiligence: allGreen, decision };
    path.slice(1).forEach((to, i) => {
      const from = path[i] ?? 'enquiry';
      expect(transition(from, to, context)).toMatchObject({ from, to, on });
    });
  });

  it('allows exactly the documented moves and refuses every other pair of stages', () => {
    const allowed: Record<MembershipStage, MembershipStage[]> = {
      enquiry: ['due-diligence', 'withdrawn'],
      'due-diligence': ['decision', 'withdrawn'],
      decision: ['signed', 'declined', 'withdrawn'],
      signed: ['onboarding'],
      onboarding: ['member'],
      member: ['leaving'],
      leaving: ['left'],
      left: [],
      declined: [],
      withdrawn: [],
    };
    const context = { form: 'federation' as const, on, dueDiligence: allGreen, decision };
    for (const from of MEMBERSHIP_STAGES) {
      expect([...nextStages(from)].sort()).toEqual([...allowed[from]].sort());
      for (const to of MEMBERSHIP_STAGES) {
        if (allowed[from].includes(to)) expect(transition(from, to, context).to).toBe(to);
        else expect(errorOf(() => transition(from, to, context)).code).toBe('conflict');
      }
    }
  });

  it('allows withdrawal before signing and never after', () => {
    const withdrawable = MEMBERSHIP_STAGES.filter((stage) =>
      nextStages(stage).includes('withdrawn'),
    );
    expect(withdrawable).toEqual(['enquiry', 'due-diligence', 'decision']);
  });

  it('has final stages with nowhere to go', () => {
    expect(nextStages('left')).toEqual([]);
    expect(nextStages('declined')).toEqual([]);
    expect(nextStages('withdrawn')).toEqual([]);
  });

  it('refuses an illegal move with a sentence saying from, to and what is allowed', () => {
    const error = errorOf(() => transition('enquiry', 'signed', { form: 'federation', on }));
    expect(error.code).toBe('conflict');
    expect(error.detail).toBe(
      'A membership cannot move from enquiry to signed: from enquiry it can only move to due diligence or withdrawn',
    );
  });

  it('refuses to move out of a final stage and says it is final', () => {
    const error = errorOf(() => transition('left', 'member', { form: 'federation', on }));
    expect(error.code).toBe('conflict');
    expect(error.detail).toMatch(/left is a final stage/);
    expect(errorOf(() => transition('signed', 'withdrawn', { form: 'federation', on })).code).toBe(
      'conflict',
    );
  });

  it('blocks the decision while any due-diligence item is unrated', () => {
    const oneUnrated = allGreen.map((entry) =>
      entry.item === 'workforce' ? { ...entry, rating: null } : entry,
    );
    const error = errorOf(() =>
      transition('due-diligence', 'decision', {
        form: 'autonomy-super-partnership',
        on,
        dueDiligence: oneUnrated,
      }),
    );
    expect(error.code).toBe('conflict');
    expect(error.detail).toMatch(/not yet rated: workforce/);
    expect(
      errorOf(() => transition('due-diligence', 'decision', { form: 'federation', on })).detail,
    ).toMatch(/not yet rated: finances, cqc-rating/);
    expect(
      transition('due-diligence', 'decision', { form: 'federation', on, dueDiligence: allGreen })
        .to,
    ).toBe('decision');
  });

  it('records who decided and why, and refuses a decision without them', () => {
    const error = errorOf(() =>
      transition('decision', 'declined', {
        form: 'federation',
        on,
        decision: { decidedBy: 'Board', reason: ' ' },
      }),
    );
    expect(error.code).toBe('validation-failed');
    expect(error.errors.map((problem) => problem.field)).toEqual(['/decision/reason']);
    expect(transition('decision', 'declined', { form: 'federation', on, decision })).toMatchObject({
      to: 'declined',
      decision,
    });
  });

  it('signs a deed in a super-partnership and an MOU in a federation or hub network', () => {
    const sign = (form: 'autonomy-super-partnership' | 'federation' | 'hub-network') =>
      transition('decision', 'signed', { form, on, decision }).document;
    expect(sign('autonomy-super-partnership')).toBe('deed');
    expect(sign('federation')).toBe('mou');
    expect(sign('hub-network')).toBe('mou');
  });

  it('keeps the list with a super-partnership when a member leaves, not with a federation', () => {
    expect(transition('leaving', 'left', { form: 'autonomy-super-partnership', on })).toMatchObject(
      { listStaysWithOrganisation: true },
    );
    expect(
      transition('leaving', 'left', { form: 'pyramidal-super-partnership', on }),
    ).toMatchObject({ listStaysWithOrganisation: true });
    expect(transition('leaving', 'left', { form: 'federation', on })).toMatchObject({
      listStaysWithOrganisation: false,
    });
    expect(listOnLeaving('hub-network')).toEqual({ listStaysWithOrganisation: false });
    expect(listOnLeaving('integrated-super-partnership')).toEqual({
      listStaysWithOrganisation: true,
    });
  });

  it('refuses a badly written date', () => {
    expect(
      errorOf(() => transition('enquiry', 'due-diligence', { form: 'federation', on: '1/4/25' }))
        .errors[0]?.field,
    ).toBe('/on');
  });
});
