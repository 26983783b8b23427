export * from './arn';
export * from './partitions';
