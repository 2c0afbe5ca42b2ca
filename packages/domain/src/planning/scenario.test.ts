import { describe, expect, it } from 'vitest';
import { AtscaleError, type FieldProblem } from '../errors.js';
import {
  DEFAULT_ASSUMPTIONS,
  DEFAULT_SOURCES,
  parsePracticesCsv,
  parseScenario,
} from './scenario.js';

const good = {
  odsCode: 'Y90001',
  name: 'Riverside Surgery',
  listSize: 6044,
  gpWte: 3.4,
  nurseWte: 1.1,
  sites: 3,
  incomePence: 99_932_824,
  costsPence: 64_269_521,
  partners: 2,
};

/** The field problems a call throws. */
function problems(call: () => unknown): FieldProblem[] {
  try {
    call();
  } catch (error) {
    if (error instanceof AtscaleError) return [...error.errors];
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('scenario validation', () => {
  it('fills in the defaults, each with a named source', () => {
    const scenario = parseScenario({ name: 'Three', practices: [good] });
    expect(scenario.demand).toEqual(DEFAULT_ASSUMPTIONS.demand);
    expect(scenario.money.levyPencePerPatient).toBe(200);
    for (const { field } of DEFAULT_SOURCES) {
      const [section, key] = field.split('.') as [keyof typeof DEFAULT_ASSUMPTIONS, string];
      expect(DEFAULT_ASSUMPTIONS[section]).toHaveProperty(key);
    }
  });

  it('keeps settings given and names every field that is wrong', () => {
    expect(
      parseScenario({ practices: [good], money: { levyPencePerPatient: 300 } }).money
        .levyPencePerPatient,
    ).toBe(300);
    const found = problems(() =>
      parseScenario({
        practices: [{ ...good, listSize: -5, odsCode: 'nope' }, { ...good, partners: 0 }, good],
        demand: { sameDayShare: 1.5, dayOfWeek: [1, 1] },
        money: { levy: 2 },
      }),
    ).map((p) => p.field);
    expect(found).toEqual(
      expect.arrayContaining([
        '/practices/0/odsCode',
        '/practices/0/listSize',
        '/practices/1/partners',
        '/practices/2/odsCode',
        '/money/levy',
        '/demand/sameDayShare',
        '/demand/dayOfWeek',
      ]),
    );
  });

  it('refuses a scenario without practices, or not an object', () => {
    expect(problems(() => parseScenario({ practices: [] }))[0]?.field).toBe('/practices');
    expect(problems(() => parseScenario([1, 2])).map((p) => p.field)).toContain('/');
  });
});

describe('practices from CSV', () => {
  const header = 'ods_code,name,list_size,gp_wte,nurse_wte,sites,income,costs,partners';

  it('reads quoted fields, pounds and columns in any order', () => {
    const practices = parsePracticesCsv(
      `${header}\nY90001,"Riverside Surgery, Upper Town",6044,3.4,1.1,3,"£999,328.24",642695.21,2\r\n` +
        'Y90002,Hillview,4212,2.5,0.75,2,702984.33,466004.58,1\n',
    );
    expect(practices).toHaveLength(2);
    expect(practices[0]).toMatchObject({
      name: 'Riverside Surgery, Upper Town',
      incomePence: 99_932_824,
      costsPence: 64_269_521,
    });
    const reordered = parsePracticesCsv(
      'partners,name,ods_code,list_size,gp_wte,nurse_wte,sites,costs,income,extra\n' +
        '2,Riverside,Y90001,6044,3.4,1.1,3,100,200,ignored\n',
    );
    expect(reordered[0]).toMatchObject({ partners: 2, costsPence: 10_000, incomePence: 20_000 });
  });

  it('names the line and column of each bad value, and refuses the whole file', () => {
    const found = problems(() =>
      parsePracticesCsv(
        `${header}\nY90001,Riverside,6044,3.4,1.1,3,1000,900,2\n` +
          'Y90002,Hillview,lots,2.5,0.75,2,£12.345,900,1\n' +
          'Y90001,Again,100,1,0,1,1,1,1\n' +
          'Y90004,Short,100\n',
      ),
    );
    expect(found.map((p) => p.field)).toEqual([
      'line 3, list_size',
      'line 3, income',
      'line 4, ods_code',
      'line 5',
    ]);
    expect(found[1]?.message).toMatch(/pounds/);
  });

  it('refuses a missing header column, an empty file and an unclosed quote', () => {
    expect(problems(() => parsePracticesCsv('ods_code,name\nY90001,A\n'))[0]?.message).toMatch(
      /lacks list_size/,
    );
    expect(problems(() => parsePracticesCsv(''))[0]?.field).toBe('line 1');
    expect(problems(() => parsePracticesCsv(`${header}\n`))[0]?.message).toMatch(/only its header/);
    expect(() => parsePracticesCsv(`${header}\nY90001,"Riverside,6044\n`)).toThrow(/Row 2/);
  });
});
