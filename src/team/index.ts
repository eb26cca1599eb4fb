/**
 * @module
 * Agents made of agents: an agent as a tool (`agent.asTool`), a supervisor that routes to specialists,
 * and handoff teams whose agents pass the conversation on. Every member runs as a subgraph of the
 * team's graph (checkpointed with it, shown in Studio) and spends from the team's limits.
 */
export { type AgentToolOptions, agentTool, agentToolOutput, tagSteps } from "./agent-tool.ts";
export { handoffHistory, handoffNode, handoffTool, handoffToolName } from "./handoff.ts";
export { createHandoffTeam, type HandoffTeamOptions, type TeamMember, TeamState } from "./handoff-team.ts";
export { createSupervisor, type Specialist, type SupervisorOptions, supervisorPrompt } from "./supervisor.ts";
