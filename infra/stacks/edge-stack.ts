import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import {
  EDGE_RATE_LIMITS,
  pathPattern,
  RATE_LIMIT_CLASSES,
  type RateLimitClass,
  routesOfClass,
} from '../../shared/contracts/rate-limits.ts';
import type { RouteDef } from '../../shared/contracts/route-def.ts';
import { PROBLEMS } from '../../shared/http/problem.ts';
import type { EnvironmentConfig } from '../config/environments.ts';

/** The path under which CloudFront serves the API, same origin as the web app (web-stack.ts). */
export const API_PATH_PREFIX = '/api';

/**
 * AWS managed rule groups of the web ACL, in order. The IP reputation list drops known bots and
 * scanners first; the common rule set (OWASP-style exploits) and known bad inputs (Log4j, Java
 * deserialization, bad hosts) follow the per-client rate rules. Body size is counted, not blocked:
 * the common set blocks bodies over 8 KB, which a department's procedure version or calendar year
 * exceeds; API Gateway caps bodies (10 MB) and every handler validates its body with a schema.
 */
export const MANAGED_RULE_GROUPS = [
  { name: 'AWSManagedRulesAmazonIpReputationList', countOnly: [] as string[] },
  { name: 'AWSManagedRulesCommonRuleSet', countOnly: ['SizeRestrictions_BODY'] },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', countOnly: [] as string[] },
] as const;

/** The WAF rule name of a rate-limit class: `rate-lookups`, `rate-queueTickets`, … */
export const rateRuleName = (cls: RateLimitClass) => `rate-${cls}`;

export interface EdgeStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /** The route table the classes are drawn from (default: the shared one). */
  readonly routes?: readonly RouteDef[];
}

const byteMatch = (field: wafv2.CfnWebACL.FieldToMatchProperty, value: string) => ({
  byteMatchStatement: {
    fieldToMatch: field,
    positionalConstraint: 'EXACTLY',
    searchString: value,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});
const and = (statements: wafv2.CfnWebACL.StatementProperty[]): wafv2.CfnWebACL.StatementProperty =>
  statements.length === 1 ? statements[0]! : { andStatement: { statements } };
const or = (statements: wafv2.CfnWebACL.StatementProperty[]): wafv2.CfnWebACL.StatementProperty =>
  statements.length === 1 ? statements[0]! : { orStatement: { statements } };
const not = (statement: wafv2.CfnWebACL.StatementProperty): wafv2.CfnWebACL.StatementProperty => ({
  notStatement: { statement },
});

/**
 * The AWS WAF web ACL of the CloudFront distribution (web app and API, one origin). A web ACL for
 * CloudFront must be created in us-east-1 whatever the application's region, so it has a stack of
 * its own there; the Web stack (in the application's region) receives its ARN through CDK's
 * cross-region references (motcua.ts explains the choice).
 *
 * Rules: the managed groups above, and one rate-based rule per client address for each class of
 * public route (shared/contracts/rate-limits.ts — the table the local gateway applies too), scoped
 * to the class's routes by method and path and answering 429 with a problem+json body like the
 * API's. The centre's own network (`edgeExemptSources`) is never rate-limited; the hall's kiosks
 * (`queueKioskSources`) are exempt from the queue-ticket class only.
 */
export class EdgeStack extends Stack {
  public readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { routes } = props;

    const exempt = this.ipSets('Exempt', config.edgeExemptSources ?? []);
    const kiosks = this.ipSets('Kiosks', config.queueKioskSources ?? []);

    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });

    const customResponseBodies: Record<string, wafv2.CfnWebACL.CustomResponseBodyProperty> = {};
    for (const code of ['RATE_LIMITED', 'QUEUE_TICKET_LIMIT'] as const) {
      const p = PROBLEMS[code];
      customResponseBodies[code] = {
        contentType: 'APPLICATION_JSON',
        content: JSON.stringify({
          type: `urn:motcua:problem:${code.toLowerCase().replaceAll('_', '-')}`,
          code,
          title: p.vi,
          titleEn: p.en,
          status: p.status,
        }),
      };
    }

    const rules: wafv2.CfnWebACL.RuleProperty[] = [];
    const [reputation, ...exploits] = MANAGED_RULE_GROUPS;
    const managed = (group: (typeof MANAGED_RULE_GROUPS)[number], priority: number) => ({
      name: group.name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: group.name,
          ...(group.countOnly.length
            ? { ruleActionOverrides: group.countOnly.map((name) => ({ name, actionToUse: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: visibility(group.name),
    });
    rules.push(managed(reputation, 0));

    RATE_LIMIT_CLASSES.forEach((cls, i) => {
      const limit = EDGE_RATE_LIMITS[cls];
      const members = routesOfClass(cls, routes);
      if (members.length === 0) return;
      const methods = [...new Set(members.map((r) => r.method))].sort();
      const matches = or(
        methods.map((method) =>
          and([
            byteMatch({ method: {} }, method),
            {
              regexMatchStatement: {
                fieldToMatch: { uriPath: {} },
                regexString: pathPattern(
                  members.filter((r) => r.method === method),
                  API_PATH_PREFIX,
                ),
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
          ]),
        ),
      );
      const exemptions = [...exempt, ...(limit.kiosksExempt ? kiosks : [])].map((set) =>
        not({ ipSetReferenceStatement: { arn: set.attrArn } }),
      );
      const code = cls === 'queueTickets' ? 'QUEUE_TICKET_LIMIT' : 'RATE_LIMITED';
      rules.push({
        name: rateRuleName(cls),
        priority: 10 + i,
        action: {
          block: {
            customResponse: {
              responseCode: 429,
              customResponseBodyKey: code,
              responseHeaders: [{ name: 'retry-after', value: String(limit.windowSeconds) }],
            },
          },
        },
        statement: {
          rateBasedStatement: {
            limit: limit.requests,
            evaluationWindowSec: limit.windowSeconds,
            aggregateKeyType: 'IP',
            scopeDownStatement: and([matches, ...exemptions]),
          },
        },
        visibilityConfig: visibility(rateRuleName(cls)),
      });
    });
    exploits.forEach((group, i) => {
      rules.push(managed(group, 20 + i));
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `motcua-${config.name}-web`,
      description: `motcua ${config.name}: managed rules and per-client rate limits of the public routes`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      customResponseBodies,
      rules,
      visibilityConfig: visibility(`motcua-${config.name}-web`),
    });

    new CfnOutput(this, 'WebAclArn', {
      value: this.webAcl.attrArn,
      description: 'WAF web ACL of CloudFront',
    });
  }

  /** One IP set per address family of `cidrs` (WAF keeps IPv4 and IPv6 apart). */
  private ipSets(id: string, cidrs: readonly string[]): wafv2.CfnIPSet[] {
    const v6 = cidrs.filter((c) => c.includes(':'));
    const v4 = cidrs.filter((c) => !c.includes(':'));
    const sets: wafv2.CfnIPSet[] = [];
    for (const [version, list] of [
      ['IPV4', v4],
      ['IPV6', v6],
    ] as const) {
      if (list.length === 0) continue;
      sets.push(
        new wafv2.CfnIPSet(this, `${id}${version}`, {
          scope: 'CLOUDFRONT',
          ipAddressVersion: version,
          addresses: [...list],
        }),
      );
    }
    return sets;
  }
}
