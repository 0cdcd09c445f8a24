import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { resolveEnvironment } from '../../infra/config/environments.ts';
import { BackupCopyStack, copyVaultArn } from '../../infra/stacks/backup-copy-stack.ts';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { buildApp, type Resource, TEST_OVERRIDES } from './support.ts';

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

  it('copies every recovery point to a locked vault in the second region when backup.copyRegion is set', () => {
    const base = resolveEnvironment('prod', TEST_OVERRIDES);
    const config = { ...base, backup: { ...base.backup!, copyRegion: 'ap-northeast-1' } };
    const app = new App();
    const copy = new BackupCopyStack(app, 'Copy', {
      env: { account: '123456789012', region: 'ap-northeast-1' },
      config,
    });
    const data = new DataStack(app, 'Data', {
      env: { account: '123456789012', region: config.region },
      config,
      backupCopyVaultArn: copyVaultArn(config, '123456789012'),
    });
    const vault = Object.values(
      Template.fromStack(copy).findResources('AWS::Backup::BackupVault'),
    )[0] as Resource;
    expect(vault.Properties.BackupVaultName).toBe('motcua-prod-copy');
    expect(vault.Properties.LockConfiguration).toMatchObject({ MinRetentionDays: config.backup.lockMinDays });
    expect(vault.DeletionPolicy).toBe('Retain');
    const plan = Object.values(
      Template.fromStack(data).findResources('AWS::Backup::BackupPlan'),
    )[0] as Resource;
    const rules = (plan.Properties.BackupPlan as { BackupPlanRule: Record<string, unknown>[] })
      .BackupPlanRule;
    for (const rule of rules) {
      const actions = rule.CopyActions as {
        DestinationBackupVaultArn: string;
        Lifecycle: { DeleteAfterDays: number };
      }[];
      expect(actions, String(rule.RuleName)).toHaveLength(1);
      expect(actions[0]!.DestinationBackupVaultArn).toBe(
        'arn:aws:backup:ap-northeast-1:123456789012:backup-vault:motcua-prod-copy',
      );
      // Kept there as long as here.
      expect(actions[0]!.Lifecycle.DeleteAfterDays).toBe(
        (rule.Lifecycle as { DeleteAfterDays: number }).DeleteAfterDays,
      );
    }
    // cdk-nag has nothing to say about the copy stack or the copy actions.
    const findings = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
      pack.validateScope(app).violations.filter((v) => v.severity === 'error' || v.severity === 'warning'),
    );
    expect(findings.map((f) => f.ruleName)).toEqual([]);
    // Without the setting: no copy, and no copy stack.
    expect(JSON.stringify(prod.t.data.findResources('AWS::Backup::BackupPlan'))).not.toContain('CopyActions');
    expect(prod.stacks.backupCopy).toBeUndefined();
  });
});
