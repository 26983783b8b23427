import VpnKeyIcon from '@material-ui/icons/VpnKey';

/** Pods holding keys: the plugin's icon in the sidebar and page header. */
export function EksPodIdentityIcon() {
  return <VpnKeyIcon fontSize="inherit" />;
}
