import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveEnvironment } from '../../infra/config/environments.ts';
import {
  API_PATH_PREFIX,
  EdgeStack,
  MANAGED_RULE_GROUPS,
  rateRuleName,
} from '../../infra/stacks/edge-stack.ts';
import { API_PREFIX_FUNCTION } from '../../infra/stacks/web-stack.ts';
import { QUEUE_TICKET_LIMITS } from '../../shared/contracts/queue-limits.ts';
import {
  EDGE_RATE_LIMITS,
  RATE_LIMIT_CLASSES,
  rateLimitClassOf,
  routesOfClass,
} from '../../shared/contracts/rate-limits.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { ORIGIN_VERIFY_HEADER } from '../../shared/http/edge.ts';
import { buildApp, functionOf, type Resource, TEST_OVERRIDES } from './support.ts';

/**
 * Item 3 of the AWS issue: the API behind the web app's CloudFront distribution, with an AWS WAF
 * web ACL (managed rules, per-client rate limits per class of public route from the one table the
 * local gateway reads) and the API reachable only through CloudFront.
 */
const { t, stacks } = buildApp('prod');

type Statement = Record<string, unknown>;
interface Rule {
  Name: string;
  Priority: number;
  Action?: { Block?: { CustomResponse?: { ResponseCode: number; CustomResponseBodyKey: string } } };
  Statement: {
    ManagedRuleGroupStatement?: { Name: string; VendorName: string; RuleActionOverrides?: unknown[] };
    RateBasedStatement?: {
      Limit: number;
      EvaluationWindowSec: number;
      AggregateKeyType: string;
      ScopeDownStatement: Statement;
    };
  };
}

const webAcl = (tpl: Template) => {
  const acls = Object.values(tpl.findResources('AWS::WAFv2::WebACL')) as Resource[];
  expect(acls).toHaveLength(1);
  return acls[0]!.Properties as { Scope: string; Rules: Rule[]; DefaultAction: unknown };
};
const distribution = () =>
  (Object.values(t.web.findResources('AWS::CloudFront::Distribution')) as Resource[])[0]!.Properties
    .DistributionConfig as {
    WebACLId?: unknown;
    Origins: {
      Id: string;
      DomainName: unknown;
      CustomOriginConfig?: unknown;
      OriginCustomHeaders?: unknown;
    }[];
    CacheBehaviors: {
      PathPattern: string;
      TargetOriginId: string;
      AllowedMethods: string[];
      CachePolicyId: string;
      OriginRequestPolicyId: string;
      ViewerProtocolPolicy: string;
    }[];
  };

/** The (method, path regex) pairs a rate rule's scope-down statement matches, and its IP-set exemptions. */
function scopeOf(statement: Statement): { matches: { method: string; regex: RegExp }[]; exemptions: number } {
  const matches: { method: string; regex: RegExp }[] = [];
  let exemptions = 0;
  const visit = (s: Statement) => {
    if (s.AndStatement || s.OrStatement) {
      const inner = ((s.AndStatement ?? s.OrStatement) as { Statements: Statement[] }).Statements;
      const method = inner.find((x) => x.ByteMatchStatement) as
        | { ByteMatchStatement: { SearchString: string; FieldToMatch: { Method?: unknown } } }
        | undefined;
      const regex = inner.find((x) => x.RegexMatchStatement) as
        | { RegexMatchStatement: { RegexString: string } }
        | undefined;
      if (method?.ByteMatchStatement.FieldToMatch.Method && regex) {
        matches.push({
          method: method.ByteMatchStatement.SearchString,
          regex: new RegExp(regex.RegexMatchStatement.RegexString),
        });
      }
      for (const x of inner) if (x !== method && x !== regex) visit(x);
      return;
    }
    if (s.NotStatement) exemptions += 1;
  };
  visit(statement);
  return { matches, exemptions };
}

/** A concrete request path of a route, as a browser sends it through CloudFront. */
const samplePath = (path: string) => `${API_PATH_PREFIX}${path.replace(/\{[^}]+\}/g, 'X-1.2')}`;

describe('the WAF web ACL', () => {
  it('is made in us-east-1 with scope CLOUDFRONT and attached to the distribution', () => {
    expect(stacks.edge.region).toBe('us-east-1');
    expect(webAcl(t.edge).Scope).toBe('CLOUDFRONT');
    expect(webAcl(t.edge).DefaultAction).toEqual({ Allow: {} });
    // Across regions: the Web stack reads the ARN the Edge stack wrote (CDK's cross-region references).
    const id = JSON.stringify(distribution().WebACLId);
    expect(id).toContain('ExportsReader');
    const reader = Object.values(t.web.findResources('Custom::CrossRegionExportReader'))[0] as Resource;
    expect(JSON.stringify(reader.Properties)).toMatch(/WebAcl.*Arn/);
    expect(stacks.web.dependencies).toContain(stacks.edge);
  });

  it('runs the managed rule groups for common exploits, known bad inputs and IP reputation', () => {
    const managed = webAcl(t.edge)
      .Rules.filter((r) => r.Statement.ManagedRuleGroupStatement)
      .map((r) => r.Statement.ManagedRuleGroupStatement!);
    expect(managed.map((m) => m.Name).sort()).toEqual(
      [
        'AWSManagedRulesAmazonIpReputationList',
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
      ].sort(),
    );
    expect(managed.every((m) => m.VendorName === 'AWS')).toBe(true);
    // Only the body-size rule of the common set is counted rather than blocked.
    const common = managed.find((m) => m.Name === 'AWSManagedRulesCommonRuleSet')!;
    expect(common.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
    expect(MANAGED_RULE_GROUPS).toHaveLength(3);
  });

  it.each(RATE_LIMIT_CLASSES)(
    'limits the %s class per client IP with the limit and window of shared/contracts/rate-limits.ts',
    (cls) => {
      const rule = webAcl(t.edge).Rules.find((r) => r.Name === rateRuleName(cls));
      expect(rule, cls).toBeDefined();
      const rate = rule!.Statement.RateBasedStatement!;
      expect(rate.AggregateKeyType).toBe('IP');
      expect(rate.Limit).toBe(EDGE_RATE_LIMITS[cls].requests);
      expect(rate.EvaluationWindowSec).toBe(EDGE_RATE_LIMITS[cls].windowSeconds);
      expect(rule!.Action?.Block?.CustomResponse?.ResponseCode).toBe(429);
      // The scope-down matches every route of the class, and no other route of the table.
      const { matches } = scopeOf(rate.ScopeDownStatement);
      const hit = (method: string, path: string) =>
        matches.some((m) => m.method === method && m.regex.test(samplePath(path)));
      expect(routesOfClass(cls).length).toBeGreaterThan(0);
      for (const route of ROUTES) {
        expect(hit(route.method, route.path), `${cls}: ${route.method} ${route.path}`).toBe(
          rateLimitClassOf(route) === cls,
        );
      }
    },
  );

  it('takes the queue-ticket limit from the burst rule of queue-limits.ts, the table the handler reads', () => {
    expect(EDGE_RATE_LIMITS.queueTickets.requests).toBe(QUEUE_TICKET_LIMITS.burst.requests);
    expect(EDGE_RATE_LIMITS.queueTickets.windowSeconds).toBe(QUEUE_TICKET_LIMITS.burst.windowSeconds);
    for (const cls of RATE_LIMIT_CLASSES) {
      // AWS WAF's own bounds on a rate-based rule.
      expect(EDGE_RATE_LIMITS[cls].requests).toBeGreaterThanOrEqual(10);
      expect([60, 120, 300, 600]).toContain(EDGE_RATE_LIMITS[cls].windowSeconds);
    }
  });

  it('leaves the kiosks out of the ticket rule only, and the exempt sources out of every rule', () => {
    const config = {
      ...resolveEnvironment('dev', TEST_OVERRIDES),
      queueKioskSources: ['10.20.0.0/24', '2001:db8:1::/64'],
      edgeExemptSources: ['203.0.113.0/28'],
    };
    // The Edge stack alone: it needs nothing from the others.
    const edge = new EdgeStack(new App(), 'Edge', {
      env: { account: '123456789012', region: 'us-east-1' },
      config,
    });
    const tpl = Template.fromStack(edge);
    const sets = Object.values(tpl.findResources('AWS::WAFv2::IPSet')) as Resource[];
    expect(sets.map((s) => s.Properties.Addresses).sort()).toEqual(
      [['10.20.0.0/24'], ['2001:db8:1::/64'], ['203.0.113.0/28']].sort(),
    );
    for (const cls of RATE_LIMIT_CLASSES) {
      const rule = webAcl(tpl).Rules.find((r) => r.Name === rateRuleName(cls))!;
      const { exemptions } = scopeOf(rule.Statement.RateBasedStatement!.ScopeDownStatement);
      expect(exemptions, cls).toBe(cls === 'queueTickets' ? 3 : 1);
    }
  });
});

describe('the API behind CloudFront', () => {
  it('serves the API under /api/* of the web distribution: all methods, no caching, viewer headers but Host', () => {
    const d = distribution();
    const api = d.CacheBehaviors.find((b) => b.PathPattern === `${API_PATH_PREFIX}/*`);
    expect(api).toBeDefined();
    expect(api!.AllowedMethods.sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    // Managed policies: CachingDisabled, AllViewerExceptHostHeader (Authorization and the
    // CloudFront-Viewer-Address header included).
    expect(api!.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(api!.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    expect(api!.ViewerProtocolPolicy).toBe('https-only');
    const origin = d.Origins.find((o) => o.Id === api!.TargetOriginId)!;
    expect(JSON.stringify(origin.DomainName)).toContain('HttpApi');
    // The prefix is taken off before the request reaches the API (its routes have none).
    const strip = new Function(`${API_PREFIX_FUNCTION}; return handler;`)() as (e: {
      request: { uri: string };
    }) => { uri: string };
    expect(strip({ request: { uri: '/api/lookup/000.99.01.H55-260302-0001' } }).uri).toBe(
      '/lookup/000.99.01.H55-260302-0001',
    );
  });

  it('adds the origin secret header from Secrets Manager to every request CloudFront sends to the API', () => {
    const d = distribution();
    const api = d.CacheBehaviors.find((b) => b.PathPattern === `${API_PATH_PREFIX}/*`)!;
    const origin = d.Origins.find((o) => o.Id === api.TargetOriginId)!;
    const header = (origin.OriginCustomHeaders as { HeaderName: string; HeaderValue: unknown }[]).find(
      (h) => h.HeaderName === ORIGIN_VERIFY_HEADER,
    );
    expect(header).toBeDefined();
    const value = JSON.stringify(header!.HeaderValue);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toContain('OriginVerifySecret');
    expect(value).toContain(':SecretString:current::');
  });

  it('makes every API function require the origin secret (the same secret, current and previous values)', () => {
    for (const route of ROUTES) {
      const tpl = Object.values(t).find((x) => {
        try {
          functionOf(x, route.id);
          return true;
        } catch {
          return false;
        }
      })!;
      const [, fn] = functionOf(tpl, route.id);
      const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(JSON.stringify(env.ORIGIN_VERIFY_SECRET), route.id).toMatch(
        /resolve:secretsmanager:.*OriginVerifySecret.*:SecretString:current::/,
      );
      expect(JSON.stringify(env.ORIGIN_VERIFY_SECRET_PREVIOUS), route.id).toContain(
        ':SecretString:previous::',
      );
    }
  });

  it('answers no CORS preflight on the HTTP API: the web app calls it on its own origin', () => {
    const api = Object.values(t.api.findResources('AWS::ApiGatewayV2::Api'))[0] as Resource;
    expect(api.Properties.CorsConfiguration).toBeUndefined();
  });
});
