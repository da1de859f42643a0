#!/bin/sh
# 发布：把构建好的 site/ 复制到内网 nginx 服务器（rsync over SSH）。合并到 main 后由 CI 运行。
# 需要的变量（在 CI 设置中添加为密钥）：DEPLOY_HOST DEPLOY_USER DEPLOY_PATH DEPLOY_KEY DEPLOY_KNOWN_HOSTS，
# 见 README.md“自动检查与发布”。任何一个没有设置时跳过发布并说明，不算失败。
set -eu
for name in DEPLOY_HOST DEPLOY_USER DEPLOY_PATH DEPLOY_KEY DEPLOY_KNOWN_HOSTS; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then
    echo "未设置 $name，跳过发布（设置方法见 README.md“自动检查与发布”）。"
    exit 0
  fi
done
if [ ! -f site/index.html ]; then
  echo "没有 site/index.html：请先构建网站（xinyu build --strict）。" >&2
  exit 1
fi
if ! command -v rsync >/dev/null || ! command -v ssh >/dev/null; then
  echo "运行器上没有 rsync 或 ssh：请安装（Debian/Ubuntu：apt-get install rsync openssh-client）。" >&2
  exit 1
fi
secrets=$(mktemp -d)
trap 'rm -rf "$secrets"' EXIT
printf '%s\n' "$DEPLOY_KEY" | tr -d '\r' > "$secrets/key"
chmod 600 "$secrets/key"
printf '%s\n' "$DEPLOY_KNOWN_HOSTS" > "$secrets/known_hosts"
# --delay-updates: new files appear together at the end; --delete: pages of removed items go too.
rsync -rlz --delete --delay-updates --chmod=D755,F644 \
  -e "ssh -i $secrets/key -o UserKnownHostsFile=$secrets/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes" \
  site/ "$DEPLOY_USER@$DEPLOY_HOST:${DEPLOY_PATH%/}/"
echo "已发布到 $DEPLOY_HOST:${DEPLOY_PATH%/}/"
