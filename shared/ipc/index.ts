export * from './client';
export * from './contract';
export * from './events';
export * from './result';
export * from './wire';
export * from './names';
