import 'server-only';
import type { LineBudget } from '@/lib/cni/json-lines';
import { RENDER_LINE_MAX_CHARS, RENDER_MAX_CHARS, RENDER_MAX_LINES, RENDER_VIEW_MAX_CHARS, RENDER_VIEW_MAX_LINES } from '@/lib/cni/limits';

/**
 * How much file text one view (a node page, a diff) may still send. Each
 * file gets at most RENDER_MAX_LINES / RENDER_MAX_CHARS, and all files
 * together at most RENDER_VIEW_MAX_LINES / RENDER_VIEW_MAX_CHARS: a snapshot is at most 1 MiB, but
 * printed and marked up per line it was once a 40 MB page (lib/cni/limits.ts).
 */
export class RenderBudget {
  private chars = RENDER_VIEW_MAX_CHARS;
  private lines = RENDER_VIEW_MAX_LINES;

  /** The budget for the next file. */
  next(): LineBudget {
    return { maxLines: Math.min(RENDER_MAX_LINES, this.lines), maxChars: Math.min(RENDER_MAX_CHARS, this.chars) };
  }

  spend(chars: number, lines: number): void {
    this.chars = Math.max(0, this.chars - chars);
    this.lines = Math.max(0, this.lines - lines);
  }
}

/** One line as shown: past RENDER_LINE_MAX_CHARS it is cut and says how much is missing. */
export function clipLine(text: string): string {
  if (text.length <= RENDER_LINE_MAX_CHARS) return text;
  return `${text.slice(0, RENDER_LINE_MAX_CHARS)} … (${text.length - RENDER_LINE_MAX_CHARS} more characters not shown)`;
}

/** Lines of a text as shown, within `budget`; `cut` when some were left out. */
export function boundedTextLines(text: string, budget: LineBudget): { lines: string[]; chars: number; cut: boolean } {
  const lines: string[] = [];
  let chars = 0;
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const line = clipLine(text.slice(start, end < 0 ? text.length : end));
    if (lines.length >= budget.maxLines || chars + line.length > budget.maxChars) return { lines, chars, cut: true };
    lines.push(line);
    chars += line.length + 1;
    if (end < 0) break;
    start = end + 1;
  }
  return { lines, chars, cut: false };
}
