import { describe, expect, it } from "vitest";
import { detectAwsCredentials } from "../../src/model/credentials.ts";

const files = (map: Record<string, string>) => (path: string) => map[path];

describe("detectAwsCredentials (no network, ever)", () => {
  it("finds environment keys, web identity, containers and Bedrock API keys", () => {
    expect(detectAwsCredentials({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" }, files({}))).toEqual({
      found: true,
      source: "environment",
    });
    expect(detectAwsCredentials({ AWS_ACCESS_KEY_ID: "a" }, files({})).found).toBe(false);
    expect(
      detectAwsCredentials({ AWS_WEB_IDENTITY_TOKEN_FILE: "/t", AWS_ROLE_ARN: "arn" }, files({})).source,
    ).toBe("web identity");
    expect(detectAwsCredentials({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2" }, files({})).source).toBe(
      "container",
    );
    expect(detectAwsCredentials({ AWS_BEARER_TOKEN_BEDROCK: "x" }, files({})).found).toBe(true);
  });

  it("reads the profile from the shared files, honouring AWS_PROFILE and the config-file header form", () => {
    const env = { HOME: "/h" };
    expect(
      detectAwsCredentials(env, files({ "/h/.aws/credentials": "[default]\naws_access_key_id = AKIA\n" }))
        .source,
    ).toBe('profile "default"');
    const config = "[profile dev]\nsso_session = corp\nregion = eu-west-1\n[default]\nregion = us-east-1\n";
    expect(
      detectAwsCredentials({ ...env, AWS_PROFILE: "dev" }, files({ "/h/.aws/config": config })).found,
    ).toBe(true);
    expect(detectAwsCredentials(env, files({ "/h/.aws/config": config })).found).toBe(false);
    expect(
      detectAwsCredentials(
        { ...env, AWS_CONFIG_FILE: "/etc/aws" },
        files({ "/etc/aws": "[default]\nrole_arn = arn:x\n" }),
      ).found,
    ).toBe(true);
  });

  it("recognises an EC2 instance from its DMI data, unless metadata is disabled", () => {
    const ec2 = files({ "/sys/devices/virtual/dmi/id/sys_vendor": "Amazon EC2\n" });
    expect(detectAwsCredentials({ HOME: "/h" }, ec2).source).toBe("EC2 instance");
    expect(detectAwsCredentials({ HOME: "/h", AWS_EC2_METADATA_DISABLED: "true" }, ec2).found).toBe(false);
    expect(detectAwsCredentials({ HOME: "/h" }, files({})).found).toBe(false);
  });
});
