export * from './types.ts';
export * from './text.ts';
export * from './hiddenAuthors.ts';
export * from './markdown.ts';
export * from './csv.ts';
export * from './json.ts';
export * from './issues.ts';
export * from './workshop.ts';
