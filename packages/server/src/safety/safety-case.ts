import {
  byResidualRisk,
  riskRating,
  RISK_RATING_LABELS,
  type HazardLog,
  type TestReference,
  type TestStatus,
} from '@atscale/domain';

const STATUS_MARK: Readonly<Record<TestStatus, string>> = {
  passed: 'passed',
  failed: '**FAILED**',
  skipped: 'skipped',
  'not-run': 'not run',
  missing: '**MISSING**',
};

const cell = (value: string) => value.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The clinical safety case as Markdown: hazards by residual risk, each with its causes, harm,
 * ratings before and after its controls, and every control's tests with their status in the run
 * the report was made from.
 */
export function safetyCaseMarkdown(
  log: HazardLog,
  statusOf: (test: TestReference) => TestStatus,
  about: { readonly version: string; readonly generatedAt: string; readonly run: string },
): string {
  const hazards = byResidualRisk(log.hazards);
  const lines = [
    '# atscale clinical safety case',
    '',
    `Generated ${about.generatedAt} for atscale ${about.version}, from ${about.run}.`,
    '',
    'Risk ratings follow the five-by-five matrix of the NHS clinical risk management standards',
    '(DCB0129): 1 acceptable to 5 unacceptable.',
    '',
    '| Hazard | Title | Initial | Residual | Status | Controls | Tests passing |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const h of hazards) {
    const tests = h.controls.flatMap((c) => c.tests ?? []);
    const passing = tests.filter((t) => statusOf(t) === 'passed').length;
    lines.push(
      `| ${h.id} | ${cell(h.title)} | ${riskRating(h.initial)} | ${riskRating(h.residual)} | ${h.status} | ${h.controls.length} | ${passing} of ${tests.length} |`,
    );
  }
  for (const h of hazards) {
    const residual = riskRating(h.residual);
    lines.push(
      '',
      `## ${h.id} ${h.title}`,
      '',
      `- Causes: ${h.causes.join('; ')}`,
      `- Effect: ${h.effect}`,
      `- Possible harm: ${h.harm}`,
      `- Initial risk: ${riskRating(h.initial)} (${h.initial.severity}, ${h.initial.likelihood} likelihood)`,
      `- Residual risk: ${residual} (${h.residual.severity}, ${h.residual.likelihood} likelihood): ${RISK_RATING_LABELS[residual]}`,
      `- Status: ${h.status}; owner: ${h.owner}`,
      '',
      '| Control | Kind | Test | Result |',
      '|---|---|---|---|',
    );
    for (const c of h.controls) {
      const tests = c.tests ?? [];
      if (tests.length === 0) lines.push(`| ${cell(c.description)} | ${c.kind} | | |`);
      for (const t of tests) {
        lines.push(
          `| ${cell(c.description)} | ${c.kind} | \`${cell(t.file)}\`: ${cell(t.test)} | ${STATUS_MARK[statusOf(t)]} |`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
