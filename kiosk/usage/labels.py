"""Words for the report's codes, Vietnamese and English (the report is made by `kiosk report`, outside any
web request, so it carries its own words instead of the pages' catalogue)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # tables
    "page_views": ("Số lần mở trang, theo loại trang", "Page views by page kind"),
    "page_views_by_surface": (
        "Số lần mở trang, theo nơi dùng và ngôn ngữ",
        "Page views by surface and language",
    ),
    "article_topics": ("Bài viết được đọc, theo chủ đề", "Articles read, by topic"),
    "agency_checks": ("Kiểm tra công ty: kết quả", "Agency checks: verdicts"),
    "lookalikes_of_sanctioned_firms": (
        "Tên giống một công ty: có trùng công ty đã bị xử lý không",
        "Look-alike names: did one resemble a suspended, revoked or fined firm",
    ),
    "offer_checks_by_destination": ("Kiểm tra tiền phải trả, theo nước đến", "Offer checks by destination"),
    "offer_checks": (
        "Kiểm tra tiền phải trả, theo nước và chương trình",
        "Offer checks by destination and programme",
    ),
    "offer_items_over_cap": ("Khoản tiền vượt mức tối đa hoặc bị cấm", "Items over the cap or forbidden"),
    "calculator_runs": ("Tính nợ và tiền để dành", "Debt calculator runs"),
    "return_plans": ("Kế hoạch khi về nước", "Return plans"),
    "selfchecks": (
        "Tự kiểm tra dấu hiệu lừa đảo, theo số dấu hiệu",
        "Self-checks by number of warning signs",
    ),
    "searches_nothing_found": ("Tìm kiếm không thấy kết quả", "Searches that found nothing"),
    "answers_by_surface": ("Kết quả đã đưa ra, theo nơi dùng", "Answers given, by surface"),
    "weekly": ("Theo tuần", "By week"),
    # columns
    "kind": ("Trang", "Page"),
    "surface": ("Nơi dùng", "Surface"),
    "lang": ("Ngôn ngữ", "Language"),
    "topic": ("Chủ đề", "Topic"),
    "verdict": ("Kết quả", "Verdict"),
    "sanctioned": ("Công ty đã bị xử lý", "Sanctioned firm"),
    "destination": ("Nước đến", "Destination"),
    "programme": ("Chương trình", "Programme"),
    "item": ("Khoản tiền", "Item"),
    "problem": ("Vấn đề", "Problem"),
    "early_return": ("Về sớm", "Early return"),
    "never_repaid": ("Không trả hết nợ", "Debt never repaid"),
    "situation": ("Hoàn cảnh", "Situation"),
    "reason": ("Lý do về sớm", "Reason for early return"),
    "goal": ("Mục tiêu", "Goal"),
    "warning_signs": ("Số dấu hiệu", "Warning signs"),
    "event": ("Việc", "What"),
    "total": ("Tổng", "Total"),
    "unknown": ("Không rõ ngày", "Date unknown"),
    # page kinds
    "home": ("Trang chủ", "Home"),
    "agency_check": ("Kiểm tra công ty", "Agency check"),
    "agencies": ("Danh sách công ty", "Agency list"),
    "offer_check": ("Kiểm tra tiền phải trả", "Offer check"),
    "calculator": ("Tính nợ", "Calculator"),
    "return_plan": ("Kế hoạch khi về nước", "Return plan"),
    "selfcheck": ("Tự kiểm tra", "Self-check"),
    "services": ("Đường dây nóng và nơi giúp đỡ", "Hotlines and services"),
    "articles": ("Mục lục bài viết", "Article index"),
    "article": ("Bài viết", "Articles"),
    "search": ("Tìm kiếm", "Search"),
    "pocket_guide": ("Tải sổ tay bỏ túi", "Pocket guide downloads"),
    "destinations": ("Các nước đến", "Destinations"),
    "counsellor": ("Trang tư vấn viên", "Counsellor page"),
    "handout": ("Bản in cho người lao động", "Printed handouts"),
    "new_person": ("Lượt dùng màn hình xong (bấm Xong hoặc tự đặt lại)", "Kiosk screen sessions ended"),
    # surfaces, languages
    "phone": ("Điện thoại hoặc máy tính", "Phone or own device"),
    "kiosk": ("Màn hình của máy này", "Kiosk screen"),
    "api": ("API", "API"),
    "vi": ("Tiếng Việt", "Vietnamese"),
    "en": ("Tiếng Anh", "English"),
    # events
    "view": ("Mở trang", "Page views"),
    "agency": ("Kiểm tra công ty", "Agency checks"),
    "offer": ("Kiểm tra tiền phải trả", "Offer checks"),
    "offer_item": ("Khoản vượt mức", "Items over cap"),
    "search_empty": ("Tìm không thấy", "Searches with nothing found"),
    # verdicts
    "licensed": ("Có giấy phép", "Licensed"),
    "suspended": ("Bị đình chỉ", "Suspended"),
    "revoked": ("Bị thu hồi giấy phép", "Licence revoked"),
    "unlicensed": ("Bị phạt vì không có giấy phép", "Fined as unlicensed"),
    "lookalike": ("Tên giống công ty khác", "Look-alike name"),
    "not_found": ("Không có trong danh sách", "Not on the list"),
    "within_caps": ("Trong mức tối đa", "Within the caps"),
    "over_cap": ("Vượt mức tối đa", "Over a cap"),
    "illegal_item": ("Có khoản bị cấm", "A forbidden item"),
    "illegal": ("Bị cấm", "Forbidden"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    # fee items
    "service_fee": ("Tiền dịch vụ", "Service fee"),
    "brokerage_fee": ("Tiền môi giới", "Brokerage fee"),
    "deposit": ("Tiền ký quỹ", "Deposit"),
    "training_fee": ("Tiền đào tạo", "Training fee"),
    "other_fees": ("Khoản khác", "Other fees"),
    # return plans
    "completed": ("Hết hợp đồng", "Contract completed"),
    "early": ("Về sớm", "Came home early"),
    "still_abroad": ("Còn ở nước ngoài", "Still abroad"),
    "employer_closed": ("Chủ đóng cửa hoặc cắt việc", "Employer closed or cut jobs"),
    "accident_illness": ("Tai nạn hoặc bệnh", "Accident or illness"),
    "dismissed": ("Bị cho nghỉ việc", "Dismissed"),
    "left_employer": ("Bỏ chủ hoặc ở lại quá hạn", "Left the employer or overstayed"),
    "deported": ("Bị trục xuất", "Deported"),
    "family": ("Lý do gia đình", "Family reasons"),
    "job": ("Việc làm trong nước", "A job here"),
    "skills": ("Học nghề", "Training or skills"),
    "business": ("Tự kinh doanh", "Own business"),
    "abroad_again": ("Đi làm việc ở nước ngoài lần nữa", "Going abroad again"),
    # article topics
    "scams": ("Lừa đảo và môi giới bất hợp pháp", "Scams and illegal brokers"),
    "before_signing": ("Trước khi ký", "Before you sign"),
    "abroad": ("Khi gặp chuyện ở nước ngoài", "When things go wrong abroad"),
    "coming_home": ("Về nước", "Coming home"),
    "money": ("Tiền và nợ", "Money and debt"),
}


def word(code: str, lang: str) -> str:
    """The word for ``code`` in ``vi`` or ``en``; an unknown code (a destination, a programme) as it is."""
    pair = WORDS.get(code)
    if pair is None:
        return code
    return pair[0] if lang == "vi" else pair[1]
