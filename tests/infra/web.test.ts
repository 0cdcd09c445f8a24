import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { resolveEnvironment } from '../../infra/config/environments.ts';
import { buildMotcua } from '../../infra/stacks/motcua.ts';
import { SPA_ROUTING_FUNCTION } from '../../infra/stacks/web-stack.ts';
import { buildApp, type Resource, TEST_OVERRIDES } from './support.ts';

const { t } = buildApp('dev');
const spa = new Function(`${SPA_ROUTING_FUNCTION}; return handler;`)() as (e: {
  request: { uri: string };
}) => { uri: string };

describe('web app hosting', () => {
  it('routes app paths to index.html and serves files as files (CloudFront Function)', () => {
    const cases: [string, string][] = [
      ['/', '/index.html'],
      ['/staff/inbox', '/index.html'],
      ['/lookup/000.99.01.H55-260302-0001', '/index.html'],
      ['/config.json', '/config.json'],
      ['/favicon.ico', '/favicon.ico'],
      ['/assets/index-3f2a.js', '/assets/index-3f2a.js'],
    ];
    for (const [uri, expected] of cases) expect(spa({ request: { uri } }).uri, uri).toBe(expected);
    t.web.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: { Comment: 'SPA routing: app routes get /index.html', Runtime: 'cloudfront-js-2.0' },
    });
  });

  it('writes config.json with the API URL, the user pool and its web client at deploy time', () => {
    const deployments = Object.values(t.web.findResources('Custom::CDKBucketDeployment')) as Resource[];
    const config = deployments.find(
      (d) => JSON.stringify(d.Properties.DistributionPaths) === '["/config.json"]',
    );
    expect(config).toBeDefined();
    const markers = JSON.stringify(config!.Properties.SourceMarkers);
    // The API is same-origin: config.json points at the distribution's /api.
    expect(markers).toContain('Distribution');
    expect(markers).toContain('StaffUserPool');
    expect(markers).toContain('WebClient');
  });

  it('deploys a placeholder page when web/dist is missing, and the built app when it exists', () => {
    const config = resolveEnvironment('dev', TEST_OVERRIDES);
    const missing = buildMotcua(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), config, {
      webDistDir: path.join(tmpdir(), 'motcua-no-such-dist'),
    });
    expect(missing.web.builtApp).toBe(false);
    const dist = mkdtempSync(path.join(tmpdir(), 'motcua-dist-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>');
    const built = buildMotcua(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), config, {
      webDistDir: dist,
    });
    expect(built.web.builtApp).toBe(true);
  });
});
