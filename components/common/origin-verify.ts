/**
 * The shared-secret header between CloudFront and the cells' load balancers. The edge adds
 * it to every origin request; a cell's HTTPS listener forwards nothing that lacks it, so
 * the ALB answers only requests that came through the distribution (and its WAF).
 */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";
