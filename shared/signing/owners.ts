import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Who signs: the centre (its forms) and each department (its results), from data/departments.json. */
export interface SigningOwner {
  id: string;
  name: string;
}

export function signingOwners(dataDir: string): { centre: SigningOwner; departments: SigningOwner[] } {
  const file = JSON.parse(readFileSync(path.join(dataDir, 'departments.json'), 'utf8')) as {
    centre: SigningOwner;
    departments: SigningOwner[];
  };
  const pick = ({ id, name }: SigningOwner) => ({ id, name });
  return { centre: pick(file.centre), departments: file.departments.map(pick) };
}
