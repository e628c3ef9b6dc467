// What the settings schema (preload/settings-schema.ts) refuses in a camera the wizard is about to save, said in the
// owner's language. The wizard checks its request with the contract's own schema before sending it; each zod issue is
// mapped by its path and code to a message of the wizard's catalog, whose English is the schema's own words, so the
// English sentence is exactly the one the core would answer ("Invalid input for cameras.add: name: a camera needs a
// name"). Pure (unit-tested under Node); the catalog is `i18n.m` on the page, English when left out.
import type { z } from 'zod';
import { requests } from '../../../preload/contract.ts';
import { wizard as english, type WizardMessages } from '../../../preload/i18n/wizard/en.ts';

type Issue = z.core.$ZodIssue;

/** The request the wizard saves with. */
export type SaveRequest = 'cameras.add' | 'cameras.update';

/** One issue's words (without its path). */
export function issueText(issue: Issue, m: WizardMessages = english): string {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : p));
  const last = path[path.length - 1];
  const inRules = path.includes('lines') || path.includes('loiterZones');
  const max = issue.code === 'too_big' ? Number(issue.maximum) : 0;
  if (last === 'name' && inRules) {
    if (issue.code === 'too_small') return m.wizard_issue_rule_name_missing;
    if (issue.code === 'too_big') return m.wizard_issue_rule_name_long({ max });
    if (issue.code === 'custom') return m.wizard_issue_rule_name_control;
  } else if (last === 'name') {
    if (issue.code === 'too_small') return m.wizard_issue_camera_name_missing;
    if (issue.code === 'too_big') return m.wizard_issue_camera_name_long({ max });
    if (issue.code === 'custom') return m.wizard_issue_camera_name_control;
  }
  if (issue.code === 'custom') {
    if (typeof last === 'number' && path[path.length - 2] === 'lines') return m.wizard_issue_line_short;
    if (last === 'lines') return m.wizard_issue_lines_same_name;
    if (last === 'loiterZones') return m.wizard_issue_zones_same_name;
  }
  if (last === 'mainUrl' && issue.code === 'too_small') return m.wizard_issue_stream_url;
  return m.wizard_issue_other({ detail: issue.message });
}

/** The issues as one sentence, the way the contract's describeZodError writes them (the first five, "path: words"). */
export function describeIssues(issues: readonly Issue[], m: WizardMessages = english): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? m.wizard_issue_at({ path: i.path.map(String).join('.'), issue: issueText(i, m) }) : issueText(i, m)))
    .join('; ');
}

/** Why the request would be refused, in the catalog's language; null when the schema accepts it. */
export function saveProblem(request: SaveRequest, input: unknown, m: WizardMessages = english): string | null {
  const parsed = requests[request].input.safeParse(input);
  if (parsed.success) return null;
  return m.wizard_invalid_input({ request, details: describeIssues(parsed.error.issues, m) });
}
