export * from './transformers';
export * from './keyset';
