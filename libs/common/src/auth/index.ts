export * from './scope';
export * from './staff-role';
export * from './request-context';
