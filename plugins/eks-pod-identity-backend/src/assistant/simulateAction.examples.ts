export const simulateExamples = [
  {
    title: 'May a component read an S3 object?',
    input: {
      entityRef: 'component:default/orders-api',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::orders-archive/2026/12/01.json',
    },
  },
];
