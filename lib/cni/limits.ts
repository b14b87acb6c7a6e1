/**
 * What the dashboard reads, parses, diffs and renders of a snapshot, whatever
 * its producer promised. Anyone who may write a snapshot ConfigMap (every
 * node's agent) controls its content, so every stage has a bound that a
 * valid document can reach but not exceed. docs/snapshot-format.md ("Limits
 * on read") states each one and what happens above it.
 */

/**
 * The whole `snapshot.json` text. kube-apiserver refuses a ConfigMap whose
 * data and binaryData together exceed 1 MiB (core.MaxSecretSize, checked in
 * ValidateConfigMap, pkg/apis/core/validation/validation.go), so a real
 * cluster never serves more; anything larger did not come from one.
 */
export const SNAPSHOT_READ_MAX_BYTES = 1024 * 1024;

/**
 * One file's `content` (current or history), in UTF-8 bytes: the producers'
 * own cap (SNAPSHOT_FILE_CAP). Above it the content is withheld on read: the
 * file keeps its name, size and sha256 and is shown as too large.
 */
export const FILE_READ_MAX_BYTES = 256 * 1024;

/**
 * Values (objects, arrays, strings, numbers, literals) in one parsed JSON
 * document. Real CNI configs hold hundreds; a 256 KiB file of `[0,0,…]` holds
 * 131,072. Above it the file is treated as too large to parse.
 */
export const MAX_JSON_VALUES = 20_000;

/**
 * Structural diff cost, for all files of one diff view together: jsondiffpatch matches arrays with an LCS over an
 * (n+1)×(m+1) matrix (jsondiffpatch/lib/filters/lcs.js), quadratic in time
 * and memory. Arrays are paired by path, so Σ n·m ≤ Σ (n² + m²)/2 and the
 * sum of squared array lengths on each side bounds the whole diff. Above
 * this the file is compared line by line instead.
 */
export const STRUCTURAL_DIFF_MAX_CELLS = 250_000;

/**
 * Line diff cost, for all files of one diff view together: Myers' algorithm
 * (jsdiff) walks about D² diagonals for D edits and compares lines along
 * them. Each file's diff is charged its comparisons plus D² (lib/cni/line-diff.ts);
 * once the budget is spent, the remaining files say so instead of being
 * compared. One file gets at most LINE_DIFF_MAX_EDITS edits; two texts that
 * differ by more show "too many differences for a line diff".
 */
export const LINE_DIFF_MAX_WORK = 400_000;
export const LINE_DIFF_MAX_EDITS = 300;
/** The unified diff text of one file, in characters; cut beyond with a note. */
export const UNIFIED_MAX_CHARS = 256 * 1024;

/**
 * Rendering: lines and characters shown for one file (node page and each
 * side of the diff), and for all files of one view together. Pretty-printing
 * amplifies (a 256 KiB one-line array becomes 131,072 lines, deep nesting
 * adds two spaces per level to every line); the rest is not sent, and the
 * view says how much was left out.
 */
export const RENDER_MAX_LINES = 5_000;
export const RENDER_MAX_CHARS = 256 * 1024;
export const RENDER_LINE_MAX_CHARS = 2_000;
export const RENDER_VIEW_MAX_CHARS = 1024 * 1024;
export const RENDER_VIEW_MAX_LINES = 20_000;
