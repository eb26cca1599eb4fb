# syntax=docker/dockerfile:1
# A Glassbox agent served over the Amazon Bedrock AgentCore Runtime HTTP contract (POST /invocations,
# GET /ping, GET /ws on 0.0.0.0:8080), for AgentCore Runtime (which runs ARM64 images), ECS/EKS and any
# container platform. Multi-platform: the node image is published for linux/arm64 and linux/amd64.
#   docker buildx build --platform linux/arm64 -t glassbox-agent .                 (AgentCore)
#   docker buildx build --platform linux/arm64,linux/amd64 -t <ecr-repo>:<tag> --push .
# The agent is GLASSBOX_AGENT (<module>:<export>, compiled JavaScript); the thread store is
# GLASSBOX_CHECKPOINTER (postgres://… to share threads between tasks, pods or sessions).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary fits the platform.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
RUN npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY src ./src
COPY graphs ./graphs
COPY tools ./tools
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
    GLASSBOX_HOST=0.0.0.0 \
    PORT=8080 \
    GLASSBOX_AGENT=dist/graphs/tool-agent.js:createToolAgent \
    GLASSBOX_CHECKPOINTER=memory
WORKDIR /app
# Owned by root and read-only to the server: the non-root user can run the code, not change it.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
USER node
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/glassbox.js", "serve"]
