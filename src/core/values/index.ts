export * from './age-string.js';
export * from './attribute-tag.js';
export * from './date-time.js';
export * from './number-strings.js';
export * from './person-name.js';
export * from './uid-syntax.js';
