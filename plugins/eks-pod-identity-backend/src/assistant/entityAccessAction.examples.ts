export const entityAccessExamples = [
  {
    title: "A component's AWS access",
    description: 'Roles and effective access of orders-api in every cluster',
    input: { entityRef: 'component:default/orders-api' },
  },
];
