import { describe, expect, it } from 'vitest';
import { FORM_POLICIES, policyFor } from './form-policy.js';
import { ORGANISATION_FORMS } from './organisation-forms.js';

describe('form policy', () => {
  it('integrated super-partnership: one contract, any site, pooled profit, list stays', () => {
    const policy = policyFor('integrated-super-partnership');
    expect(policy.bookAtAnySite).toBe(true);
    expect(policy.contractHolding).toBe('single');
    expect(policy.membersKeepOwnContracts).toBe(false);
    expect(policy.profit).toBe('pooled');
    expect(policy.defaultLevy.pencePerPatientPerYear).toBe(0);
    expect(policy.listOnLeaving).toBe('stays-with-organisation');
    expect(policy.membersKeepOwnCqcRegistration).toBe(false);
    expect(policy.signingDocument).toBe('deed');
  });

  it('autonomy super-partnership: contracts on trust, cost centres, £2 levy, elected board', () => {
    const policy = policyFor('autonomy-super-partnership');
    expect(policy.contractHolding).toBe('on-trust');
    expect(policy.membersKeepOwnContracts).toBe(true);
    expect(policy.profit).toBe('per-cost-centre');
    expect(policy.defaultLevy.pencePerPatientPerYear).toBe(200);
    expect(policy.defaultLevy.why).toMatch(/£2/);
    expect(policy.listOnLeaving).toBe('stays-with-organisation');
    expect(policy.membersKeepOwnCqcRegistration).toBe(true);
    expect(policy.electedBoard).toBe(true);
    expect(policy.bookAtAnySite).toBe(false);
    expect(policy.vatOnServicesBetweenMembers).toBe(false);
  });

  it('pyramidal super-partnership: central triage books any site, a leaver’s patients stay', () => {
    const policy = policyFor('pyramidal-super-partnership');
    expect(policy.bookAtAnySite).toBe(true);
    expect(policy.profit).toBe('pooled');
    expect(policy.listOnLeaving).toBe('stays-with-organisation');
    expect(policy.vatOnServicesBetweenMembers).toBe(false);
    expect(policy.sources).toContain('002');
  });

  it('federation: MOU, own contracts, VAT between members, list leaves with the practice', () => {
    const policy = policyFor('federation');
    expect(policy.signingDocument).toBe('mou');
    expect(policy.contractHolding).toBe('own');
    expect(policy.profit).toBe('members-own');
    expect(policy.vatOnServicesBetweenMembers).toBe(true);
    expect(policy.listOnLeaving).toBe('leaves-with-practice');
    expect(policy.membersKeepOwnCqcRegistration).toBe(true);
    expect(policy.bookAtAnySite).toBe(false);
  });

  it('hub network: MOU, patients go to the hub not each other’s sites, list leaves', () => {
    const policy = policyFor('hub-network');
    expect(policy.signingDocument).toBe('mou');
    expect(policy.bookAtAnySite).toBe(false);
    expect(policy.listOnLeaving).toBe('leaves-with-practice');
    expect(policy.vatOnServicesBetweenMembers).toBe(true);
  });

  it('MCP virtual: keeps its contract under an alliance agreement, list leaves', () => {
    const policy = policyFor('mcp-virtual');
    expect(policy.signingDocument).toBe('alliance-agreement');
    expect(policy.membersKeepOwnContracts).toBe(true);
    expect(policy.listOnLeaving).toBe('leaves-with-practice');
  });

  it('MCP partially integrated: keeps its contract under an integration agreement', () => {
    const policy = policyFor('mcp-partially-integrated');
    expect(policy.signingDocument).toBe('integration-agreement');
    expect(policy.membersKeepOwnContracts).toBe(true);
    expect(policy.membersKeepOwnCqcRegistration).toBe(true);
    expect(policy.listOnLeaving).toBe('leaves-with-practice');
  });

  it('MCP fully integrated: the old contract goes, so one contract and the list stays', () => {
    const policy = policyFor('mcp-fully-integrated');
    expect(policy.contractHolding).toBe('single');
    expect(policy.membersKeepOwnContracts).toBe(false);
    expect(policy.profit).toBe('pooled');
    expect(policy.listOnLeaving).toBe('stays-with-organisation');
    expect(policy.vatOnServicesBetweenMembers).toBe(false);
  });

  it('lets only forms with shared premises own sites that belong to no member practice', () => {
    const owning = ORGANISATION_FORMS.filter((form) => policyFor(form).organisationOwnsSites);
    // Phlebotomy hubs (MMP), the central call centre (Modality), the hub itself, the MCP's contract.
    expect(owning).toEqual([
      'integrated-super-partnership',
      'pyramidal-super-partnership',
      'hub-network',
      'mcp-fully-integrated',
    ]);
    // Members that keep their own CQC registration and contract keep their own sites too.
    expect(policyFor('autonomy-super-partnership').organisationOwnsSites).toBe(false);
    expect(policyFor('federation').organisationOwnsSites).toBe(false);
    expect(policyFor('mcp-virtual').organisationOwnsSites).toBe(false);
    expect(policyFor('mcp-partially-integrated').organisationOwnsSites).toBe(false);
  });

  it('covers every form, each consistent with itself, and cannot be changed by a caller', () => {
    expect(Object.keys(FORM_POLICIES).sort()).toEqual([...ORGANISATION_FORMS].sort());
    for (const form of ORGANISATION_FORMS) {
      const policy = FORM_POLICIES[form];
      expect(policy.form).toBe(form);
      expect(policy.membersKeepOwnContracts).toBe(policy.contractHolding !== 'single');
      expect(Number.isSafeInteger(policy.defaultLevy.pencePerPatientPerYear)).toBe(true);
      expect(policy.defaultLevy.why.length).toBeGreaterThan(10);
      expect(Object.isFrozen(policy)).toBe(true);
    }
    expect(() => {
      (policyFor('federation') as { bookAtAnySite: boolean }).bookAtAnySite = true;
    }).toThrow(TypeError);
  });
});
