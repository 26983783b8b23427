export const whoCanAccessExamples = [
  {
    title: 'Who may write to a DynamoDB table?',
    input: {
      action: 'dynamodb:PutItem',
      resource: 'arn:aws:dynamodb:us-east-1:111111111111:table/payments-ledger',
    },
  },
];
