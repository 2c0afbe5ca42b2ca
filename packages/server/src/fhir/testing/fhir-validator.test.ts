import { beforeAll, describe, expect, it } from 'vitest';
import { assertValidFhir, warmFhirValidator } from './fhir-validator.js';

beforeAll(() => {
  warmFhirValidator(['Location', 'Bundle']);
});

describe('the FHIR validator the facade is tested with', () => {
  it('accepts a valid resource', () => {
    expect(() => {
      assertValidFhir({ resourceType: 'Location', status: 'active', name: 'Main surgery' });
    }).not.toThrow();
  });

  it('refuses a code outside a required binding (a status), naming where', () => {
    expect(() => {
      assertValidFhir({ resourceType: 'Location', status: 'open' });
    }).toThrow(/status/);
  });

  it('refuses a wrong type and an unknown element', () => {
    expect(() => {
      assertValidFhir({ resourceType: 'Location', name: 42 });
    }).toThrow();
    expect(() => {
      assertValidFhir({ resourceType: 'Location', colour: 'blue' });
    }).toThrow();
  });

  it('checks each resource inside a Bundle', () => {
    expect(() => {
      assertValidFhir({
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          { resource: { resourceType: 'Location', status: 'open' }, search: { mode: 'match' } },
        ],
      });
    }).toThrow(/entry\[0\]/);
  });
});
