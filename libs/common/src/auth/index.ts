export * from './scope';
export * from './request-context';
