"""The official Tencent Cloud Python SDK, unchanged, against tcapi-testserver.

Usage: python_sdk.py ENDPOINT SECRET_ID SECRET_KEY, with ENDPOINT like http://127.0.0.1:PORT.
Calls aiart and billing through every signature method the SDK offers (TC3-HMAC-SHA256,
HmacSHA256, HmacSHA1), over POST and GET, with the server as the SDK's endpoint and as its
HTTP proxy for the real host names. Prints `ok: <case>` per case and exits non-zero at the
first failure, naming it. Run by testserver/tests/official_sdks.rs.
"""

import sys
from urllib.parse import urlparse

from tencentcloud.aiart.v20221229 import aiart_client
from tencentcloud.aiart.v20221229 import models as aiart_models
from tencentcloud.billing.v20180709 import billing_client
from tencentcloud.billing.v20180709 import models as billing_models
from tencentcloud.common import credential
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile

ENDPOINT, SECRET_ID, SECRET_KEY = sys.argv[1:4]
HOST_PORT = urlparse(ENDPOINT).netloc
REGION = "ap-guangzhou"
CREDENTIAL = credential.Credential(SECRET_ID, SECRET_KEY)
SIGN_METHODS = ["TC3-HMAC-SHA256", "HmacSHA256", "HmacSHA1"]


def profile(sign_method, req_method="POST", through_proxy=False, endpoint=None):
    """The server as the endpoint, or as the HTTP proxy of the real endpoint."""
    http = HttpProfile(protocol="http", reqMethod=req_method, reqTimeout=10)
    if through_proxy:
        http.proxy = ENDPOINT
        http.endpoint = endpoint
    else:
        http.endpoint = HOST_PORT
    return ClientProfile(signMethod=sign_method, httpProfile=http)


def check(case, condition, detail=""):
    if not condition:
        print("FAILED: %s %s" % (case, detail))
        sys.exit(1)
    print("ok: %s" % case)


def expect_error(case, code, call):
    try:
        answer = call()
    except TencentCloudSDKException as error:
        check(case, error.code == code, "(got %s: %s)" % (error.code, error.message))
        check(case + " has a RequestId", bool(error.requestId))
        return
    check(case, False, "(answered %s instead of %s)" % (answer, code))


def sketch_to_image(client):
    request = aiart_models.SketchToImageRequest()
    request.Prompt = "rain over the river"
    request.InputImage = "aGVsbG8="
    request.RspImgType = "url"
    return client.SketchToImage(request)


for sign_method in SIGN_METHODS:
    for req_method in ["POST", "GET"]:
        case = "aiart SketchToImage, %s over %s" % (sign_method, req_method)
        client = aiart_client.AiartClient(CREDENTIAL, REGION, profile(sign_method, req_method))
        answer = sketch_to_image(client)
        check(case, answer.ResultImage.startswith("https://") and answer.RequestId, answer)

    # Through the server as the HTTP proxy: the real host names the product.
    case = "aiart SketchToImage, %s through the proxy" % sign_method
    client = aiart_client.AiartClient(
        CREDENTIAL,
        REGION,
        profile(sign_method, through_proxy=True, endpoint="aiart.tencentcloudapi.com"),
    )
    check(case, sketch_to_image(client).ResultImage.startswith("https://"))

    case = "billing DescribeAccountBalance, %s through the proxy" % sign_method
    client = billing_client.BillingClient(
        CREDENTIAL,
        REGION,
        profile(sign_method, through_proxy=True, endpoint="billing.tencentcloudapi.com"),
    )
    answer = client.DescribeAccountBalance(billing_models.DescribeAccountBalanceRequest())
    check(case, answer.CreditAmount == 10000000000 and answer.IsAllowArrears is True, answer)

    # The host, not the client, names the product: aiart's action sent to billing's host.
    case = "an aiart action sent to billing's host, %s, is InvalidAction" % sign_method
    wrong_host = CommonClient(
        "billing",
        "2018-07-09",
        CREDENTIAL,
        REGION,
        profile(sign_method, through_proxy=True, endpoint="billing.tencentcloudapi.com"),
    )
    expect_error(
        case,
        "InvalidAction",
        lambda: wrong_host.call_json("SketchToImage", {"Prompt": "rain"}),
    )

    # Nested members travel flattened (`RuleList.RuleDetail.RuleValue.0=...`) in forms and queries.
    for req_method in ["POST", "GET"]:
        common = CommonClient(
            "billing", "2018-07-09", CREDENTIAL, REGION, profile(sign_method, req_method)
        )
        case = "billing CreateAllocationRule with nested members, %s over %s" % (
            sign_method,
            req_method,
        )
        answer = common.call_json(
            "CreateAllocationRule",
            {"RuleList": {"Name": "team", "Type": 1, "RuleDetail": {"RuleKey": "a", "RuleValue": ["x"]}}},
        )
        check(case, "RequestId" in answer["Response"], answer)
        case = "billing CreateAllocationRule without RuleList, %s over %s" % (
            sign_method,
            req_method,
        )
        expect_error(
            case,
            "MissingParameter",
            lambda: common.call_json("CreateAllocationRule", {}),
        )

    case = "a wrong secret key, %s, is AuthFailure.SignatureFailure" % sign_method
    wrong_key = aiart_client.AiartClient(
        credential.Credential(SECRET_ID, SECRET_KEY + "x"), REGION, profile(sign_method)
    )
    expect_error(case, "AuthFailure.SignatureFailure", lambda: sketch_to_image(wrong_key))

    case = "an unknown SecretId, %s, is AuthFailure.SecretIdNotFound" % sign_method
    unknown = aiart_client.AiartClient(
        credential.Credential("AKIDunknown", SECRET_KEY), REGION, profile(sign_method)
    )
    expect_error(case, "AuthFailure.SecretIdNotFound", lambda: sketch_to_image(unknown))

print("all official Python SDK cases passed")
