// The official Tencent Cloud Node SDK, unchanged, against tcapi-testserver.
//
// Usage: NODE_PATH=<node_modules> node node_sdk.js ENDPOINT SECRET_ID SECRET_KEY, with ENDPOINT
// like http://127.0.0.1:PORT. The Node SDK signs for the service named by the first label of
// its endpoint, so it keeps the real host names and uses the server as its HTTP proxy (which
// it reaches through a CONNECT tunnel). Every signature method, POST and GET. Prints
// `ok: <case>` per case and exits non-zero at the first failure, naming it. Run by
// testserver/tests/official_sdks.rs.
"use strict";

const { CommonClient } = require("tencentcloud-sdk-nodejs-common");

const [endpoint, secretId, secretKey] = process.argv.slice(2);

function client(host, version, signMethod, reqMethod, key = secretKey) {
  return new CommonClient(host, version, {
    credential: { secretId, secretKey: key },
    region: "ap-guangzhou",
    profile: {
      signMethod,
      httpProfile: { protocol: "http://", reqMethod, proxy: endpoint, reqTimeout: 10 },
    },
  });
}

function check(name, condition, detail) {
  if (!condition) {
    console.log(`FAILED: ${name} ${JSON.stringify(detail)}`);
    process.exit(1);
  }
  console.log(`ok: ${name}`);
}

async function expectError(name, code, call) {
  try {
    const answer = await call();
    check(name, false, { answered: answer, expected: code });
  } catch (error) {
    check(name, error.code === code, { code: error.code, message: error.message });
    check(`${name} has a RequestId`, Boolean(error.requestId), error.requestId);
  }
}

async function main() {
  for (const signMethod of ["TC3-HMAC-SHA256", "HmacSHA256", "HmacSHA1"]) {
    for (const reqMethod of ["POST", "GET"]) {
      const aiart = client("aiart.tencentcloudapi.com", "2022-12-29", signMethod, reqMethod);
      const image = await aiart.request("SketchToImage", {
        Prompt: "rain over the river",
        InputImage: "aGVsbG8=",
      });
      check(
        `aiart SketchToImage, ${signMethod} over ${reqMethod}`,
        image.ResultImage.startsWith("https://") && image.RequestId,
        image,
      );
      const billing = client("billing.tencentcloudapi.com", "2018-07-09", signMethod, reqMethod);
      const balance = await billing.request("DescribeAccountBalance", {});
      check(
        `billing DescribeAccountBalance, ${signMethod} over ${reqMethod}`,
        balance.CreditAmount === 10000000000,
        balance,
      );
      const rule = await billing.request("CreateAllocationRule", {
        RuleList: { Name: "team", Type: 1, RuleDetail: { RuleKey: "a", RuleValue: ["x"] } },
      });
      check(
        `billing CreateAllocationRule with nested members, ${signMethod} over ${reqMethod}`,
        Boolean(rule.RequestId),
        rule,
      );
      await expectError(
        `billing CreateAllocationRule without RuleList, ${signMethod} over ${reqMethod}`,
        "MissingParameter",
        () => billing.request("CreateAllocationRule", {}),
      );
    }
    // The host, not the client, names the product.
    const wrongHost = client("billing.tencentcloudapi.com", "2018-07-09", signMethod, "POST");
    await expectError(
      `an aiart action sent to billing's host, ${signMethod}, is InvalidAction`,
      "InvalidAction",
      () => wrongHost.request("SketchToImage", { Prompt: "rain" }),
    );
    const wrongKey = client("aiart.tencentcloudapi.com", "2022-12-29", signMethod, "POST", `${secretKey}x`);
    await expectError(
      `a wrong secret key, ${signMethod}, is AuthFailure.SignatureFailure`,
      "AuthFailure.SignatureFailure",
      () => wrongKey.request("SketchToImage", { Prompt: "rain" }),
    );
  }
  console.log("all official Node SDK cases passed");
}

main().catch((error) => {
  console.log(`FAILED: ${error.stack || error}`);
  process.exit(1);
});
