export * from './errors.ts';
export * from './common.ts';
export * from './auth.ts';
export * from './admin.ts';
export * from './audit.ts';
export * from './public.ts';
