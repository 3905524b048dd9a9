/**
 * The prose of docs/cost.md that does not come from a table: how the baselines are built,
 * the budget of each stack, and the cost of calls to the external systems. Kept apart from
 * the report's code so each reads on its own.
 */
import { MARGIN_PERCENT } from "../config/budget";
import * as assume from "../cost/assumptions";

export const BASELINES_SECTION = `## Baselines

The goal is stated against two baselines at the same peak capacity:

- **(a) the same fleet provisioned statically for its peak all day.** Everything the design
  scales with demand runs all day at the most it needs in any hour of either season: the web
  tasks at the capacity model's peak need, the worker tasks at their peak, and the Aurora
  readers at their peak. Their Fargate Spot share and Graviton (ARM64) stay as designed.
- **(b) that static fleet on x86, on-demand only**: (a) with every Fargate task (web, worker,
  jobs) on x86 on-demand, and the broker on mq.m5 in place of mq.m7g.

Everything else (the Aurora writer, the cache, the broker's count, NAT gateways, endpoints,
the load balancer, logs, storage and the whole edge) is the same in the design and in both
baselines: it does not follow demand. The demand itself, and so the requests, the LCUs, the
CloudFront and WAF requests and the logs, is the same in all three.

How the scaled tiers follow demand (cost/task-hours.ts), hour by hour in UTC, on the capacity
model's two reference days (15 January and 15 July) averaged for the month:

- **web tasks**: the tasks target tracking runs for the hour's busiest minute, within the
  scheduled floors and the ceiling (\`cellCapacityDay\`);
- **worker tasks**: no queue-depth model exists, so the worker is taken to follow the web's
  demand: \`worker.minTasks\` holds off-peak demand, and above it the tasks grow in proportion
  to demand (\`peakRps / offPeakRps\` times the floor at the peak), up to \`worker.maxTasks\`;
- **Aurora readers**: from the configured range, \`database.minReaders\` at off-peak demand and
  \`database.maxReaders\` at the most the cell must take (\`peakRps + failoverRps\`), in
  proportion between, rounded up. Aurora Auto Scaling adds readers on reader CPU, which rises
  with the reads; the range is taken to be sized for that span.

A stack file without a traffic profile has no demand curve: its web service runs its
scheduled floors, each task at \`requestsPerTarget\`, its worker at \`minTasks\` and its
readers at \`minReaders\`.

x86 prices: Fargate x86 is on the Fargate pricing page beside ARM64. (b)'s broker is
mq.m5.large, which the table prices where a figure was found.

A bill line the table cannot price is never guessed. Each stack's figure covers its priced
lines, and the lines without a price are listed under the stack with their monthly quantity;
the fleet's total is then the sum of the priced parts ("priced items only"). The ratios are
computed only over the lines priced in all three scenarios: a line priced in one scenario but
not another (the design's mq.m7g.large broker, say, against baseline (b)'s mq.m5.large) is
left out of all three and listed under the ratios, so that a missing figure cannot move a
ratio. A region without any price table leaves its stacks not estimated. No public x86 figure
was sourced for Aurora PostgreSQL (db.r7i or db.r6i in place of db.r7g) or for the Valkey
node (in place of cache.m7g): those two items are left equal in both baselines, which makes
(b) lower, and the ratios to it higher, than they would be with x86 data-tier prices.`;

export const BUDGET_SECTION = `## The budget of each stack

Every stack (each cell and \`global\`) creates a monthly AWS Budget of type COST named
\`<app>-<stack>-monthly\`, over the resources tagged \`stack=<stack>\` (every resource carries
the tag through its provider's default tags). Its limit is the stack's estimate above times
(1 + \`storefront:budget.marginPercent\` / 100), rounded up to whole dollars, computed at deploy
time from the stack's config (margin ${MARGIN_PERCENT.default}% unless set, ${MARGIN_PERCENT.min} to ${MARGIN_PERCENT.max}). A stack the table cannot
price wholly (a region, or any instance class, node, broker type or other item cost/prices.ts
lacks: a budget over the priced lines alone would be too low) must set
\`storefront:budget.limitUsd\` (the edge too, when one of its cells is in such a region); the
deploy stops with an error naming the key until it does. Adding the missing figures, each with
its public source, lets the estimate set the limit again.

It notifies when actual spend passes 80% of the limit and when the forecast passes 100%. A
cell's budget notifies the cell's alarm topic; the edge has no alarm topic of its own, so its
budget notifies the primary cell's. The topic policy and the cell key admit
\`budgets.amazonaws.com\` for this account's budgets only ([aws-behaviours.md #30](aws-behaviours.md)).

Budgets see the \`stack\` tag only once it is activated as a cost-allocation tag, and only for
usage from then on ([aws-behaviours.md #31](aws-behaviours.md)). Activate it once per account
(the management account in an organization), after the first deploy has created tagged
resources: in the Billing console under "Cost allocation tags", or

    aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=stack,Status=Active

(AWS CLI reference: \`aws ce update-cost-allocation-tags-status\`; AWS Billing User Guide,
"Activating user-defined cost allocation tags"). Activation can take up to 24 hours to show.

## Calls to the external systems

Calls to the external systems leave through the cell's NAT gateways and pay NAT data
processing on top of the gateways' hours (the estimate assumes ${assume.NAT_GB_PER_MONTH} GB a month per cell).
A catalog of 100,000 products at 5 KB each every five minutes is about 144 GB a day: prefer the
systems' incremental (changed-since) APIs, which the job's schedule makes natural.`;
