/** The words of one message: fixed, or functions of one typed parameters object. */
export type Words = { readonly vi: string; readonly en: string };
export type ParamWords<P> = { readonly vi: (p: P) => string; readonly en: (p: P) => string };

/** A message with parameters: the Vietnamese and the English take the same parameters. */
export const withParams = <P>(vi: (p: P) => string, en: (p: P) => string): ParamWords<P> => ({ vi, en });
