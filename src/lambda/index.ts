/** `glassbox/lambda`: the agent behind API Gateway or a Lambda function URL. */
export {
  handler,
  type LambdaContext,
  type LambdaHandlerOptions,
  type LambdaHttpResponse,
} from "./handler.ts";
export {
  ApiGatewayV1EventSchema,
  HttpV2EventSchema,
  httpRequestOf,
  type LambdaHttpRequest,
} from "./lambda-event.ts";
export { type ResponseStream, streamingHandler } from "./streaming-handler.ts";
