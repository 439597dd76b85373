export * from './diff.js';
export * from './field-matcher.js';
export * from './mask.js';
export * from './path.js';
