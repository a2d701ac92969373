export * from './app';
export * from './common';
export * from './connection';
export * from './destination';
export * from './run';
export * from './secret';
export * from './sync';
export * from './key';
