# Sourced by the issue-17 scripts (after they set HERE to their own folder): NXM is the nxm command line, a fixed
# jar when NXM_JAR is set (so editing the sources does not rebuild it mid-grid), else the repository's launcher.
ROOT=$(cd "$HERE/../../.." && pwd)
if [[ -n "${NXM_JAR:-}" ]]; then
  NXM=(java --add-modules jdk.incubator.vector -Dnxm.root="$ROOT" -jar "$NXM_JAR")
else
  NXM=("$ROOT/nxm")
fi
