/**
 * The unified line diff of two texts, with a hard bound on its work. jsdiff
 * runs Myers' algorithm: for D edits it walks about D² diagonals and
 * compares lines along them, O((N+M)·D) in all. Each call gets at most
 * LINE_DIFF_MAX_EDITS edits (jsdiff maxEditLength) and a share of its
 * caller's budget; it is charged its comparisons (counted by the comparator)
 * plus D² for the diagonals, and once the budget is spent, later files say
 * so instead of being compared.
 * https://github.com/kpdecker/jsdiff#readme (maxEditLength)
 */
import { createTwoFilesPatch, type CreatePatchOptionsAbortable } from 'diff';
import { LINE_DIFF_MAX_EDITS, LINE_DIFF_MAX_WORK, UNIFIED_MAX_CHARS } from './limits';

/** What is left for the line diffs of one view (all files, both passes). */
export interface LineDiffBudget {
  work: number;
}

export const lineDiffBudget = (): LineDiffBudget => ({ work: LINE_DIFF_MAX_WORK });

export interface LineDiffResult {
  /** The patch, or undefined when the budget did not allow it (`reason` says why). */
  patch?: string;
  reason?: 'too-many-differences' | 'budget-spent';
  comparisons: number;
  /** Work charged: comparisons + maxEditLength² when it gave up, + D² when it finished. */
  charged: number;
}

class Spent {}

/** Lines a patch adds or removes: its edit count D. */
function editsOf(patch: string): number {
  let d = 0;
  for (const line of patch.split('\n')) if ((line[0] === '+' && !line.startsWith('+++')) || (line[0] === '-' && !line.startsWith('---'))) d++;
  return d;
}

export function boundedLineDiff(labels: [string, string], left: string, right: string, budget: LineDiffBudget): LineDiffResult {
  const maxEditLength = Math.min(LINE_DIFF_MAX_EDITS, Math.floor(Math.sqrt(Math.max(0, budget.work) / 2)));
  if (maxEditLength < 1) return { reason: 'budget-spent', comparisons: 0, charged: 0 };
  const allowance = budget.work - maxEditLength * maxEditLength;
  let comparisons = 0;
  // createTwoFilesPatch hands its options to diffLines whole (patch/create.js) and the base
  // diff honours `comparator` (base.js `equals`, after line.js trims for ignoreWhitespace),
  // though the types do not declare it for lines; the tests check it is really called.
  // Indentation is ignored: a config wrapped one level deeper (Multus self-nesting)
  // re-indents every line; the structural diff carries the nesting.
  const options: CreatePatchOptionsAbortable & { comparator: (l: string, r: string) => boolean } = {
    context: 3,
    ignoreWhitespace: true,
    maxEditLength,
    comparator: (l: string, r: string) => {
      if (++comparisons > allowance) throw new Spent();
      return l === r;
    },
  };
  let patch: string | undefined;
  try {
    patch = createTwoFilesPatch(labels[0], labels[1], left, right, undefined, undefined, options);
  } catch (e) {
    if (!(e instanceof Spent)) throw e;
    budget.work = 0;
    return { reason: 'budget-spent', comparisons, charged: comparisons + maxEditLength * maxEditLength };
  }
  const d = patch === undefined ? maxEditLength : editsOf(patch);
  const charged = comparisons + d * d;
  budget.work -= charged;
  if (patch === undefined) return { reason: 'too-many-differences', comparisons, charged };
  if (patch.length <= UNIFIED_MAX_CHARS) return { patch, comparisons, charged };
  const cut = patch.lastIndexOf('\n', UNIFIED_MAX_CHARS);
  return { patch: `${patch.slice(0, cut + 1)}(the rest of this diff is over ${UNIFIED_MAX_CHARS} characters and is not shown)\n`, comparisons, charged };
}
