/** `writer.<domain>`: the host the edge sends writes to; its Route 53 record follows the primary cell. */
export function writerHostName(domain: string): string {
  return `writer.${domain}`;
}
