/**
 * Route input schemas, shared by route handlers (validation) and the UI
 * (building links). Bad input gets a 400 with a message, never a crash.
 */
import { z } from 'zod';

/**
 * A node name is a DNS-1123 subdomain: at most 253 characters, lowercase
 * alphanumerics, '-' and '.', starting and ending alphanumeric.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
 */
export const nodeNameSchema = z
  .string()
  .min(1, 'node name is empty')
  .max(253, 'node name is longer than 253 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'node name must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")');

/** A namespace or pod name segment: DNS-1123 label / subdomain, validated loosely to 253. */
export const objectNameSchema = nodeNameSchema;

/** First issue of a failed parse, as one line for an error body. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
