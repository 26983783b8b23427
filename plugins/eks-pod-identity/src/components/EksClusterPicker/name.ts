/** Name templates use: `ui:field: EksClusterPicker`. */
export const EKS_CLUSTER_PICKER_NAME = 'EksClusterPicker';
