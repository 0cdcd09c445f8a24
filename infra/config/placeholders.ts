import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Unit {
  id: string;
  name: string;
  email?: string;
  emailConfirmed?: boolean;
  agencyCodeConfirmed?: boolean;
}

/**
 * The placeholders left in the departments file (data/departments.json) that production must not
 * be deployed with, one message each naming the setting: a mailbox nobody confirmed receives mail
 * (notifications to the department would be lost), an agency code nobody confirmed (dossier codes
 * are made from it and never change once issued). The centre counts like a department.
 */
export function departmentPlaceholders(dataDir: string): string[] {
  const file = path.join(dataDir, 'departments.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { centre?: Unit; departments: Unit[] };
  const where = path.relative(process.cwd(), file) || file;
  const units: [string, Unit][] = [
    ...(data.centre ? [['centre', data.centre] as [string, Unit]] : []),
    ...data.departments.map((d, i) => [`departments[${i}]`, d] as [string, Unit]),
  ];
  const problems: string[] = [];
  for (const [at, u] of units) {
    if (u.emailConfirmed !== true) {
      problems.push(
        `${where}: ${at}.emailConfirmed (${u.id}, ${u.name}): confirm that ${u.email ?? 'its mailbox'} receives mail`,
      );
    }
    if (u.agencyCodeConfirmed !== true) {
      problems.push(
        `${where}: ${at}.agencyCodeConfirmed (${u.id}, ${u.name}): confirm its agency code; dossier codes are made from it`,
      );
    }
  }
  return problems;
}
