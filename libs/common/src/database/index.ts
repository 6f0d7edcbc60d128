export * from './transformers';
