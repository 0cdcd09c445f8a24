import { describe, expect, it } from 'vitest';
import { buildApp, type Resource } from './support.ts';

/** Archive protection in production: AWS Backup of both tables and the documents bucket. */
const prod = buildApp('prod');
const dev = buildApp('dev');

describe('AWS Backup', () => {
  it('backs up both tables and the documents bucket in prod, daily and monthly, into a locked vault', () => {
    const t = prod.t.data;
    const plans = Object.values(t.findResources('AWS::Backup::BackupPlan')) as Resource[];
    expect(plans).toHaveLength(1);
    const rules = (plans[0]!.Properties.BackupPlan as { BackupPlanRule: Record<string, unknown>[] })
      .BackupPlanRule;
    const b = prod.config.backup!;
    expect(
      rules.map((r) => [r.RuleName, (r.Lifecycle as { DeleteAfterDays: number }).DeleteAfterDays]),
    ).toEqual([
      ['Daily', b.dailyDays],
      ['Monthly', b.monthlyDays],
    ]);
    const vaults = Object.values(t.findResources('AWS::Backup::BackupVault')) as Resource[];
    expect(vaults).toHaveLength(1);
    expect(vaults[0]!.Properties.LockConfiguration).toMatchObject({ MinRetentionDays: b.lockMinDays });
    expect(vaults[0]!.Properties.EncryptionKeyArn).toBeDefined();
    expect(vaults[0]!.DeletionPolicy).toBe('Retain');
    const selection = Object.values(t.findResources('AWS::Backup::BackupSelection'))[0] as Resource;
    const resources = JSON.stringify(
      (selection.Properties.BackupSelection as { Resources: unknown[] }).Resources,
    );
    for (const id of ['MainTable', 'IdempotencyTable', 'DocumentsBucket']) expect(resources).toContain(id);
    // the role may back up and restore S3 as well as DynamoDB
    const role = Object.entries(t.findResources('AWS::IAM::Role')).find(([id]) =>
      id.startsWith('BackupPlan'),
    )!;
    const policies = JSON.stringify((role[1] as Resource).Properties.ManagedPolicyArns);
    for (const p of ['ForBackup', 'ForRestores', 'ForS3Backup', 'ForS3Restore'])
      expect(policies).toContain(p);
  });

  it('is required for production and left out of dev', () => {
    expect(Object.keys(dev.t.data.findResources('AWS::Backup::BackupPlan'))).toEqual([]);
    expect(prod.config.production && prod.config.backup).toBeTruthy();
  });
});
