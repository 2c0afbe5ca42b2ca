import { describe, expect, it } from 'vitest';
import { sectionOf, sectionPages } from '../../capabilities';

describe('the cost centres page', () => {
  it('is a page of the organisation section', () => {
    const page = sectionPages.find((p) => p.path === '/organisation/cost-centres');
    expect(page?.capability).toBe('org');
    expect(sectionOf('/organisation/cost-centres')?.id).toBe('org');
    expect(sectionOf('/organisation')?.id).toBe('org');
    expect(sectionOf('/organisationx')).toBeUndefined();
  });
});
