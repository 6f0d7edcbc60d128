export * from './format-error';
export * from './input-validation.pipe';
export * from './connection.model';
export * from './input-field-path';
