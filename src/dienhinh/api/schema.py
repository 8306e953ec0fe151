"""OpenAPI post-processing: the answers every operation can give, documented once.

Authentication, throttling, pagination and input validation are the same for every
endpoint (ours and those colleagues add), so their status codes are added here rather
than repeated on each view.
"""

COMMON = {
    "401": "Chưa đăng nhập hoặc khóa truy cập sai",
    "429": "Quá nhiều yêu cầu",
}
PAGE_OUT_OF_RANGE = "Trang không tồn tại"
BAD_INPUT = "Dữ liệu không hợp lệ: trường và lý do"


def document_common_errors(result, generator, request, public):
    for path_item in result.get("paths", {}).values():
        for _method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            if operation.get("security") != [{}] and {} not in operation.get("security", []):
                for code, text in COMMON.items():
                    responses.setdefault(code, {"description": text})
            names = {p.get("name") for p in operation.get("parameters", [])
                     if p.get("in") == "query"}
            if "page" in names:
                responses.setdefault("404", {"description": PAGE_OUT_OF_RANGE})
            if names or "requestBody" in operation:
                responses.setdefault("400", {"description": BAD_INPUT})
    return result
