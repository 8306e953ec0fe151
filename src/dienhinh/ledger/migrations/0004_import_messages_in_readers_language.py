"""An import's file-level reason and warnings are kept as message and values
(`core.i18n.dump`) instead of text in the language of whoever uploaded the file, so that
each reader sees them in their own language.

Rows written before are read back into that form where their text is one of the
import's messages (in Vietnamese or in English, as the catalogue had it at this
migration) — with a "did you mean …?" or the semicolon hint after it; any other text is
kept as it is and shown as it is.
"""

import re

from django.db import migrations, models

# (Vietnamese msgid, its English at the time): every file-level reason and warning an
# import could store before this migration.
MESSAGES = [
    ('Tệp rỗng.',
     'The file is empty.'),
    ('Tệp nén bất thường: phần %(name)s bung ra %(size)s byte, gấp hơn %(ratio)s lần kích thước nén; tệp bị từ chối.',
     'Suspicious archive: part %(name)s expands to %(size)s bytes, more than %(ratio)s times its compressed size; the file is rejected.'),
    ('Tệp nén quá lớn khi giải nén (hơn %(limit)s byte); tệp bị từ chối.',
     'The archive is too large once expanded (over %(limit)s bytes); the file is rejected.'),
    ('Tệp không có dòng dữ liệu nào.',
     'The file has no data rows.'),
    ('Cột “%(col)s” xuất hiện hai lần.',
     'Column “%(col)s” appears twice.'),
    ('Cột “%(col)s” không thuộc bảng %(table)s, được bỏ qua.',
     'Column “%(col)s” is not part of the %(table)s table and is ignored.'),
    (' Tệp dùng dấu chấm phẩy; hãy dùng dấu phẩy.',
     'The file uses semicolons; use commas.'),
    ('Thiếu cột bắt buộc: %(cols)s. Cần các cột: %(all)s.',
     'Missing required columns: %(cols)s. The columns needed are: %(all)s.'),
    ('Có phải ý bạn là “%(code)s”?',
     'Did you mean “%(code)s”?'),
    ('Tệp nén không phải bảng tính XLSX.',
     'The file is a zip archive, not an XLSX workbook.'),
    ('Tệp Excel 97–2003 (.xls) không được hỗ trợ; hãy lưu lại dạng .xlsx hoặc CSV UTF-8.',
     'Legacy .xls files are not supported; save as .xlsx or UTF-8 CSV.'),
    ('Tệp không phải CSV hay XLSX (có vẻ là %(kind)s).',
     'The file is neither CSV nor XLSX (it looks like %(kind)s).'),
    ('Tệp CSV phải mã hóa UTF-8; tệp này có vẻ là UTF-16.',
     'CSV files must be UTF-8; this one looks like UTF-16.'),
    ('Tệp không phải CSV hay XLSX.',
     'The file is neither CSV nor XLSX.'),
    ('Tệp XLSX không hợp lệ (danh mục nội dung quá lớn).',
     'Invalid XLSX file (the shared strings table is too large).'),
    ('Bảng tính có quá nhiều chuỗi văn bản khác nhau (%(size)s byte, tối đa %(limit)s byte) để đọc an toàn; hãy lưu tệp dạng CSV UTF-8 rồi nhập lại.',
     'The workbook has too many distinct text values (%(size)s bytes, at most %(limit)s bytes) to read safely; save it as UTF-8 CSV and import again.'),
    ('Tệp CSV phải mã hóa UTF-8; tệp này có vẻ là %(enc)s. Hãy lưu lại dạng “CSV UTF-8”.',
     'CSV files must be UTF-8; this one looks like %(enc)s. Save it as “CSV UTF-8”.'),
    ('Dòng %(n)s của tệp CSV dài hơn %(limit)s ký tự; tệp bị từ chối.',
     'Line %(n)s of the CSV file is longer than %(limit)s characters; the file is rejected.'),
    ('Tệp không có dòng tiêu đề.',
     'The file has no header row.'),
    ('Tệp CSV hỏng (%(err)s).',
     'Malformed CSV file (%(err)s).'),
    ('Không đọc được tệp XLSX (%(err)s).',
     'The XLSX file cannot be read (%(err)s).'),
    ('Tệp XLSX không có trang tính.',
     'The workbook has no sheet.'),
    ('Ô %(cell)s chứa công thức chưa có giá trị tính sẵn; hãy mở tệp bằng Excel/LibreOffice, lưu lại, hoặc thay công thức bằng giá trị.',
     'Cell %(cell)s holds a formula with no cached value; open and save the file in a spreadsheet program, or replace the formula by its value.'),
    ('Lỗi hệ thống khi nhập; không có dòng nào được ghi.',
     'Internal error; nothing was written.'),
    ('Quá hạn xác nhận; tệp đã được xoá, hãy tải lên lại.',
     'Not confirmed in time; the file was removed, upload it again.'),
]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _pattern(message: str) -> re.Pattern:
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(message):
        parts.append(re.escape(message[position:match.start()]))
        parts.append(f"(?P<{match.group(1)}>.*?)")
        position = match.end()
    parts.append(re.escape(message[position:]))
    return re.compile("".join(parts), re.S)


PATTERNS = [(msgid, [_pattern(msgid), _pattern(english.strip())])
            for msgid, english in MESSAGES]


def _text(msgid: str, match: re.Match) -> dict:
    return {"msgid": msgid, "params": match.groupdict() or None}


def recover(value):
    """A stored reason as message and values when it reads as one of MESSAGES (or one
    followed by others), else the text itself."""
    if not isinstance(value, str) or not value:
        return value if value is not None else ""
    # A reason with a hint after it first: a value at the end of a reason ("Cần các
    # cột: %(all)s.") would otherwise swallow the hint.
    for msgid, patterns in PATTERNS:
        for pattern in patterns:
            match = pattern.match(value)
            if not match or match.end() == 0:
                continue
            rest = value[match.end():]
            # A hint carries its own space (" Tệp dùng …") or follows one (" " + "Có
            # phải …"): try the rest as it is, then without the space, kept as a part.
            for candidate in (rest, rest.lstrip()):
                tail = recover(candidate)
                if isinstance(tail, dict):
                    space = rest[:len(rest) - len(candidate)]
                    return {"parts": [_text(msgid, match)] + ([space] if space else [])
                            + [tail]}
    for msgid, patterns in PATTERNS:
        for pattern in patterns:
            match = pattern.fullmatch(value)
            if match:
                return _text(msgid, match)
    return value


def forward(apps, schema_editor):
    ImportJob = apps.get_model("ledger", "ImportJob")
    for job in ImportJob.objects.all().iterator():
        job.file_error_data = recover(job.file_error)
        job.warnings = [recover(warning) for warning in job.warnings or []]
        job.save(update_fields=["file_error_data", "warnings"])


def backward(apps, schema_editor):
    from django.utils import translation

    from dienhinh.core.i18n import load

    ImportJob = apps.get_model("ledger", "ImportJob")
    with translation.override("vi"):
        for job in ImportJob.objects.all().iterator():
            job.file_error = str(load(job.file_error_data))
            job.warnings = [str(load(warning)) for warning in job.warnings or []]
            job.save(update_fields=["file_error", "warnings"])


class Migration(migrations.Migration):

    dependencies = [("ledger", "0003_ledger_state")]

    operations = [
        migrations.AddField("importjob", "file_error_data",
                            models.JSONField(blank=True, default=str)),
        migrations.RunPython(forward, backward),
        migrations.RemoveField("importjob", "file_error"),
        migrations.RenameField("importjob", "file_error_data", "file_error"),
    ]
