"""The deputy registry spreadsheet (代表名册) for django-import-export.

One row is a deputy and their mandate in the current term. Headers are the
Chinese ones office ledgers already use; choice columns take the Chinese labels
(or the English ones, or the stored values) and export the Chinese labels.
"""

import copy
import datetime
import re
import unicodedata
from typing import NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from congress.models import Division, Term
from congress.roles import Role
from congress.spreadsheets import NeutralisedExportMixin, cell_text
from congress.validators import (
    mask_id_number,
    mask_mobile,
    normalize_id_number,
)
from deputies.access import id_numbers_shown
from deputies.models import (
    ETHNICITIES,
    Affiliation,
    Constituency,
    Deputy,
    DeputyGroup,
    Education,
    Gender,
    Level,
    Mandate,
    birth_date_in_id_number,
)

# The header of the row the data starts under: the dataset's row 1 is the
# spreadsheet's row 2.
HEADER_ROWS = 1
GROUP_SEPARATORS = re.compile(r"[、,，;；]")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
# Ledgers often keep 出生年月 (year and month only).
MONTH_FORMATS = ("%Y.%m", "%Y-%m", "%Y/%m", "%Y年%m月", "%Y%m")

# Words office ledgers use besides the catalogue's labels: full names, short
# names, and the stored values of the old folded list (an old export).
AFFILIATION_ALIASES = {
    "党员": Affiliation.CPC,
    "中国共产党党员": Affiliation.CPC,
    "预备党员": Affiliation.CPC_PROBATIONARY,
    "中国共产党预备党员": Affiliation.CPC_PROBATIONARY,
    "团员": Affiliation.CYL,
    "中国共产主义青年团团员": Affiliation.CYL,
    "民革": Affiliation.RCCK,
    "民革会员": Affiliation.RCCK,
    "中国国民党革命委员会会员": Affiliation.RCCK,
    "民盟": Affiliation.CDL,
    "中国民主同盟盟员": Affiliation.CDL,
    "民建": Affiliation.CNDCA,
    "中国民主建国会会员": Affiliation.CNDCA,
    "民进": Affiliation.CAPD,
    "中国民主促进会会员": Affiliation.CAPD,
    "农工党": Affiliation.CPWDP,
    "农工党员": Affiliation.CPWDP,
    "中国农工民主党党员": Affiliation.CPWDP,
    "致公党": Affiliation.CZGP,
    "致公党员": Affiliation.CZGP,
    "中国致公党党员": Affiliation.CZGP,
    "九三学社": Affiliation.JIUSAN,
    "台盟": Affiliation.TDSGL,
    "台湾民主自治同盟盟员": Affiliation.TDSGL,
    "无党派": Affiliation.NON_PARTY,
    "无党派民主人士": Affiliation.NON_PARTY,
    "cpc": Affiliation.CPC,
    "cpc_probationary": Affiliation.CPC_PROBATIONARY,
    "cyl": Affiliation.CYL,
    "non_party": Affiliation.NON_PARTY,
    "masses": Affiliation.MASSES,
}
EDUCATION_ALIASES = {
    "研究生": Education.POSTGRADUATE,
    "研究生学历": Education.POSTGRADUATE,
    "本科": Education.UNIVERSITY,
    "大学": Education.UNIVERSITY,
    "硕士": Education.POSTGRADUATE,
    "博士": Education.POSTGRADUATE,
    "大专": Education.COLLEGE,
    "专科": Education.COLLEGE,
    "高中": Education.SECONDARY,
    "中专": Education.SECONDARY,
    "初中": Education.JUNIOR,
    "小学": Education.JUNIOR,
    "初中及以下": Education.JUNIOR,
}
TOWNSHIP_LEVELS = [
    Division.Level.TOWN,
    Division.Level.TOWNSHIP,
    Division.Level.SUBDISTRICT,
]
YES = ("是", "yes", "y", "true", "1", "√")
NO = ("否", "no", "n", "false", "0", "")


def text(value) -> str:
    """A cell as trimmed text; digits Excel stored as a float keep what is left."""
    return cell_text(value)


def chinese_label(choices: type[models.TextChoices], value: str) -> str:
    if not value:
        return ""
    with translation.override("zh-hans"):
        return str(choices(value).label)


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return text(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class LabelWidget(widgets.Widget):
    """A TextChoices column by Chinese label, English label or stored value."""

    def __init__(self, choices: type[models.TextChoices], aliases=None):
        super().__init__()
        self.choices = choices
        self.aliases = aliases or {}
        self._lookup: dict[str, str] | None = None

    def lookup(self) -> dict[str, str]:
        # Built once: the labels of both languages never change at runtime.
        if self._lookup is None:
            self._lookup = self._build_lookup()
        return self._lookup

    def _build_lookup(self) -> dict[str, str]:
        found = {value: value for value in self.choices.values}
        for language in ("en", "zh-hans"):
            with translation.override(language):
                found.update({str(c.label): c.value for c in self.choices})
        return {**found, **self.aliases}

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if not value:
            return ""
        try:
            return self.lookup()[value]
        except KeyError:
            raise ValueError(self.unknown(value)) from None

    def unknown(self, value: str) -> str:
        allowed = "、".join(chinese_label(self.choices, v) for v in self.choices.values)
        return gettext("“%(value)s” is not allowed here; use one of: %(allowed)s.") % {
            "value": value,
            "allowed": allowed,
        }

    def render(self, value, obj=None, **kwargs):
        return chinese_label(self.choices, value)


class EthnicityWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        value = text(value)
        # Ledgers often write 汉 for 汉族.
        if value and value not in ETHNICITIES and f"{value}族" in ETHNICITIES:
            return f"{value}族"
        return value


class IdNumberWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        return normalize_id_number(text(value))


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        value = text(value).lower()
        if value in YES:
            return True
        if value in NO:
            return False
        raise ValueError(gettext("Write 是 or 否."))

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class BirthMonth(NamedTuple):
    """A date of birth given as year and month (出生年月); the import completes
    it from the ID number."""

    year: int
    month: int


class DateCellWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        value = text(value)
        if not value:
            return None
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(value, date_format).date()  # noqa: DTZ007
            except ValueError:
                continue
        for month_format in MONTH_FORMATS:
            try:
                day = datetime.datetime.strptime(value, month_format).date()  # noqa: DTZ007
            except ValueError:
                continue
            return BirthMonth(day.year, day.month)
        raise ValueError(
            gettext("“%(value)s” is not a date; write it as 1980-01-31.")
            % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class RegistryInstanceLoader(CachedInstanceLoader):
    """Deputies by ID number, read in one query; a row without one is new."""

    def get_instance(self, row):
        if not self.pk_field.clean(row):
            return None
        return super().get_instance(row)


def _field(attribute, column, widget=None):
    return fields.Field(attribute=attribute, column_name=column, widget=widget)


MANDATE_COLUMNS = {
    "level": "代表层级",
    "constituency": "选区",
    "division": "乡镇（街道）",
    "groups": "代表小组",
}
LEVEL_WIDGET = LabelWidget(Level)

# Other headers office ledgers use for our columns (compared after
# normalising: full-width brackets, spaces and asterisks do not matter).
HEADER_SYNONYMS = {
    "姓名": ["代表姓名", "名字"],
    "性别": [],
    "民族": [],
    "出生日期": ["出生年月", "出生年月日", "生日", "出生时间"],
    "身份证号码": ["身份证号", "身份证", "公民身份号码", "身份证件号码", "证件号码"],
    "政治面貌": ["党派", "政治身份", "党派面貌"],
    "学历": ["文化程度", "最高学历", "学历学位", "文化", "学历（学位）"],
    "工作单位及职务": [
        "工作单位和职务",
        "单位及职务",
        "工作单位及职务（职称）",
        "单位职务",
        "工作单位、职务",
    ],
    "代表构成": ["构成", "代表类别", "构成类别", "身份类别"],
    "手机号码": ["手机", "手机号", "联系电话", "联系方式", "移动电话", "电话"],
    "代表层级": ["层级", "代表级别", "级别"],
    "选区": ["所在选区", "选区名称", "选举单位"],
    "乡镇（街道）": ["乡镇", "街道", "乡镇街道", "所在乡镇", "所在乡镇（街道）"],
    "代表小组": ["所在代表小组", "小组", "代表小组名称"],
    "职务代表": ["是否职务代表"],
}
# Columns without which no row can be complete; every other may be absent
# (an update then keeps what the registry holds for it).
REQUIRED_COLUMNS = ("姓名", "性别", "民族", "工作单位及职务")
# Ledgers that keep employer and post apart: joined into one column.
SPLIT_EMPLOYER_COLUMNS = ("工作单位", "职务")


def header_key(header) -> str:
    """A header as compared: NFKC (full-width brackets become ASCII), no
    spaces, asterisks or trailing colons."""
    value = unicodedata.normalize("NFKC", text(header))
    return re.sub(r"[\s*＊:：]", "", value)


HEADER_LOOKUP = {
    header_key(name): column
    for column, synonyms in HEADER_SYNONYMS.items()
    for name in [column, *synonyms]
}


def normalize_headers(dataset) -> list[str]:
    """Rename the dataset's headers to ours (synonyms accepted) and join a
    separate 工作单位 and 职务 into 工作单位及职务; returns the headers that
    match no column (their cells are ignored)."""
    headers = list(dataset.headers or [])
    renamed, ignored = [], []
    for header in headers:
        column = HEADER_LOOKUP.get(header_key(header))
        if column is None or column in renamed:
            ignored.append(header)
            renamed.append(header)
        else:
            renamed.append(column)
    dataset.headers = renamed
    keys = [header_key(h) for h in headers]
    split = [keys.index(k) for k in SPLIT_EMPLOYER_COLUMNS if k in keys]
    if split and "工作单位及职务" not in renamed and len(dataset):
        joined = ["".join(text(values[i]) for i in split) for values in dataset]
        dataset.append_col(joined, header="工作单位及职务")
        ignored = [h for h in ignored if header_key(h) not in SPLIT_EMPLOYER_COLUMNS]
    return [h for h in ignored if text(h)]


class DeputyResource(NeutralisedExportMixin, resources.ModelResource):
    """Import and export of the registry.

    Any bad row (bad or duplicate ID, unknown group...) rolls the whole
    import back; errors are keyed by the Chinese column header and rows
    numbered as in the spreadsheet. `user` decides masking on export.
    """

    name = _field("name", "姓名", TextWidget())
    gender = _field("gender", "性别", LabelWidget(Gender))
    ethnicity = _field("ethnicity", "民族", EthnicityWidget())
    birth_date = _field("birth_date", "出生日期", DateCellWidget())
    id_number = _field("id_number", "身份证号码", IdNumberWidget())
    affiliation = _field(
        "affiliation", "政治面貌", LabelWidget(Affiliation, AFFILIATION_ALIASES)
    )
    education = _field("education", "学历", LabelWidget(Education, EDUCATION_ALIASES))
    employer_and_post = _field("employer_and_post", "工作单位及职务", TextWidget())
    composition = _field("composition", "代表构成", TextWidget())
    mobile = _field("mobile", "手机号码", TextWidget())
    level = _field(None, MANDATE_COLUMNS["level"], LEVEL_WIDGET)
    constituency = _field(None, MANDATE_COLUMNS["constituency"], TextWidget())
    division = _field(None, MANDATE_COLUMNS["division"], TextWidget())
    groups = _field(None, MANDATE_COLUMNS["groups"], TextWidget())
    is_ex_officio = _field("is_ex_officio", "职务代表", YesNoWidget())

    class Meta:
        model = Deputy
        fields = (
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "affiliation",
            "education",
            "employer_and_post",
            "composition",
            "mobile",
            "level",
            "constituency",
            "division",
            "groups",
            "is_ex_officio",
        )
        import_id_fields = ["id_number"]
        instance_loader_class = RegistryInstanceLoader
        use_bulk = True
        batch_size = 1000
        skip_unchanged = True
        clean_model_instances = True
        # Not left to IMPORT_EXPORT_USE_TRANSACTIONS: all-or-nothing is the
        # contract of this import.
        use_transactions = True

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.present: set[str] = {f.column_name for f in self.fields.values()}
        self._saved: list[Deputy] = []
        self.term: Term | None = None
        self.constituencies: dict[str, Constituency] = {}
        self.groups: dict[str, DeputyGroup] = {}
        self.divisions: dict[str, list[Division]] = {}
        self.duplicates: dict[str, list[int]] = {}
        self.current_mandates: dict[tuple[int, str], Mandate] = {}

    # --- import ---------------------------------------------------------

    def import_data(self, dataset, *args, **kwargs):
        # The admin's confirm step does not ask for it; a bad row must still
        # roll everything back.
        kwargs["rollback_on_validation_errors"] = True
        ignored = normalize_headers(dataset)
        self.present = set(dataset.headers or [])
        if not kwargs.get("dry_run", args[0] if args else False):
            # The HTML diff of each row is shown only on the preview; the
            # confirmed import of 10,000 rows need not build it.
            self._meta = copy.copy(self._meta)
            self._meta.skip_html_diff = True
        result = super().import_data(dataset, *args, **kwargs)
        # Shown as a warning above the preview (and in the staff messages).
        result.ignored_columns = ignored
        return result

    def _check_import_id_fields(self, headers):
        # A ledger without ID numbers imports every row as a new deputy.
        if self.fields["id_number"].column_name in headers:
            super()._check_import_id_fields(headers)

    def before_import(self, dataset, **kwargs):
        self._saved = []
        if missing := [c for c in REQUIRED_COLUMNS if c not in self.present]:
            raise ValidationError(
                gettext(
                    "The file has no column %(columns)s (or a header we know "
                    "for it); add it and import again."
                )
                % {"columns": "、".join(missing)}
            )
        self.term = Term.objects.filter(is_current=True).first()
        if self.term is None:
            raise ValidationError(
                gettext("There is no current term; set one before importing.")
            )
        self.constituencies = {
            c.name: c for c in Constituency.objects.filter(term=self.term)
        }
        self.groups = {g.name: g for g in DeputyGroup.objects.filter(term=self.term)}
        self.divisions = {}
        for division in Division.objects.filter(level__in=TOWNSHIP_LEVELS):
            self.divisions.setdefault(division.name, []).append(division)
        ids = self._dataset_ids(dataset)
        self.duplicates = {
            number: rows for number, rows in ids.items() if len(rows) > 1
        }
        self.current_mandates = {
            (m.deputy_id, m.level): m
            for m in Mandate.objects.filter(
                term=self.term, deputy__id_number__in=list(ids)
            ).prefetch_related("groups")
        }

    def _dataset_ids(self, dataset) -> dict[str, list[int]]:
        column = self.fields["id_number"].column_name
        found: dict[str, list[int]] = {}
        if column not in (dataset.headers or []):
            return found
        for index, value in enumerate(dataset[column], start=1 + HEADER_ROWS):
            number = normalize_id_number(text(value))
            if number:
                found.setdefault(number, []).append(index)
        return found

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if rows := self.duplicates.get(instance.id_number):
            errors["id_number"] = [
                ValidationError(
                    gettext(
                        "This ID number appears more than once in the file "
                        "(rows %(rows)s)."
                    )
                    % {"rows": "、".join(str(r) for r in rows)},
                    code="id_number_duplicate",
                )
            ]
        self._check_birth_date(instance, errors)
        instance.registry_mandate = self._mandate_values(row, errors)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _check_birth_date(instance, errors: dict) -> None:
        """Read an empty date of birth from the ID number, complete a
        year-and-month one from it, and flag one that contradicts it or lies
        in the future (full dates are checked by Deputy.clean)."""
        given = instance.birth_date
        stated = birth_date_in_id_number(instance.id_number or "")
        if given is None:
            # Before skip_row compares the row with the registry.
            instance.birth_date = stated
        if not isinstance(given, BirthMonth):
            return
        if stated is None:
            instance.birth_date = datetime.date(given.year, given.month, 1)
        elif (stated.year, stated.month) == tuple(given):
            instance.birth_date = stated
        else:
            instance.birth_date = None
            errors["birth_date"] = [
                gettext(
                    "The date of birth %(date)s contradicts the ID number, "
                    "which states %(stated)s."
                )
                % {"date": f"{given.year}-{given.month:02d}", "stated": stated}
            ]
        if instance.birth_date and instance.birth_date > timezone.localdate():
            errors["birth_date"] = [
                gettext("The date of birth cannot be in the future.")
            ]

    def _mandate_values(self, row, errors: dict) -> dict:
        """The current-term mandate columns, looked up by name; problems are
        added to `errors` under the column header."""
        values = {
            "level": Level.COUNTY,
            "constituency": None,
            "division": None,
            # Columns the file lacks leave the mandate's value as it is.
            "present": {
                key for key, column in MANDATE_COLUMNS.items() if column in row
            },
        }
        try:
            values["level"] = LEVEL_WIDGET.clean(row.get(MANDATE_COLUMNS["level"]))
            values["level"] = values["level"] or Level.COUNTY
        except ValueError as error:
            errors[MANDATE_COLUMNS["level"]] = [str(error)]
        name = text(row.get(MANDATE_COLUMNS["constituency"]))
        if name:
            values["constituency"] = self.constituencies.get(name)
            if values["constituency"] is None:
                errors[MANDATE_COLUMNS["constituency"]] = [
                    gettext("There is no constituency “%(name)s” in the current term.")
                    % {"name": name}
                ]
        name = text(row.get(MANDATE_COLUMNS["division"]))
        if name:
            found = self.divisions.get(name, [])
            if len(found) == 1:
                values["division"] = found[0]
            else:
                message = (
                    gettext("There is no township or sub-district “%(name)s”.")
                    if not found
                    else gettext(
                        "Several townships or sub-districts are called "
                        "“%(name)s”; ask the office to tell them apart."
                    )
                )
                errors[MANDATE_COLUMNS["division"]] = [message % {"name": name}]
        names = GROUP_SEPARATORS.split(text(row.get(MANDATE_COLUMNS["groups"])))
        names = [n.strip() for n in names if n.strip()]
        if unknown := [n for n in names if n not in self.groups]:
            errors[MANDATE_COLUMNS["groups"]] = [
                gettext("There is no deputy group “%(name)s” in the current term.")
                % {"name": "、".join(unknown)}
            ]
        values["groups"] = {self.groups[n].pk for n in names if n in self.groups}
        return values

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        errors = dict(import_validation_errors or {})
        try:
            # Uniqueness of the ID number is settled before (one query for
            # the whole file, duplicates in the file flagged); the database
            # constraints stay the last line.
            instance.full_clean(
                exclude=[key for key in errors if key in self.fields],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(
                {self._column(key): messages for key, messages in errors.items()}
            )

    def _column(self, key: str) -> str:
        if key == NON_FIELD_ERRORS or key not in self.fields:
            return key
        return self.fields[key].column_name

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        values = instance.registry_mandate
        mandate = self.current_mandates.get((instance.pk, values["level"]))
        present = values["present"]
        return mandate is not None and (
            (
                "constituency" not in present
                or mandate.constituency_id
                == getattr(values["constituency"], "pk", None)
            )
            and (
                "division" not in present
                or mandate.division_id == getattr(values["division"], "pk", None)
            )
            and (
                "groups" not in present
                or {g.pk for g in mandate.groups.all()} == values["groups"]
            )
        )

    def get_bulk_update_fields(self):
        # Absent columns keep what the registry holds; the date of birth may
        # be read from the ID number even without its column.
        return [
            field.attribute
            for name, field in self.fields.items()
            if field.attribute
            and name not in self._meta.import_id_fields
            and (field.column_name in self.present or name == "birth_date")
        ]

    def after_save_instance(self, instance, row, **kwargs):
        self._saved.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        for invalid in result.invalid_rows:
            invalid.number += HEADER_ROWS
        for error_row in result.error_rows:
            error_row.number += HEADER_ROWS
        if not (result.has_errors() or result.has_validation_errors()):
            self._save_mandates()

    def _save_mandates(self) -> None:
        """Create or update each saved deputy's current-term mandate, in bulk
        (bulk-created deputies have their keys by now)."""
        existing = {
            (m.deputy_id, m.level): m
            for m in Mandate.objects.filter(
                term=self.term, deputy__in=[d.pk for d in self._saved]
            )
        }
        created, updated, groups = [], [], []
        for deputy in self._saved:
            values = deputy.registry_mandate
            mandate = existing.get((deputy.pk, values["level"]))
            if mandate is None:
                mandate = Mandate(
                    deputy=deputy,
                    term=self.term,
                    level=values["level"],
                    elected_on=self.term.start_date,  # a general election's result
                )
                created.append(mandate)
            else:
                updated.append(mandate)
            present = values["present"]
            if mandate.pk is None:  # a new mandate takes every column
                present = {"constituency", "division", "groups"}
            if "constituency" in present:
                mandate.constituency = values["constituency"]
            if "division" in present:
                mandate.division = values["division"]
            if "groups" in present:
                groups.append((mandate, values["groups"]))
        Mandate.objects.bulk_create(created, batch_size=1000)
        Mandate.objects.bulk_update(
            updated, ["constituency", "division"], batch_size=1000
        )
        through = Mandate.groups.through
        through.objects.filter(mandate__in=[m.pk for m, _ids in groups]).delete()
        through.objects.bulk_create(
            [
                through(mandate_id=mandate.pk, deputygroup_id=group_id)
                for mandate, group_ids in groups
                for group_id in group_ids
            ],
            batch_size=1000,
        )

    # --- export ---------------------------------------------------------

    @property
    def unmasked(self) -> bool:
        return self.user is not None and self.user.has_role(Role.OFFICE)

    def export(self, queryset=None, **kwargs):
        queryset = Deputy.objects.all() if queryset is None else queryset
        term = Term.objects.filter(is_current=True).first()
        mandates = (
            Mandate.objects.filter(term=term)
            .select_related("constituency", "division")
            .prefetch_related("groups")
            .order_by("level")
        )
        # Replaces the admin changelist's own prefetches (same attribute).
        queryset = queryset.prefetch_related(None).prefetch_related(
            models.Prefetch("mandates", mandates, to_attr="current_mandates")
        )
        dataset = super().export(queryset=queryset, **kwargs)
        if self.unmasked:
            # An export with full ID numbers is a showing: record it.
            id_numbers_shown(
                self.user, queryset.only("pk", "id_number"), channel="export"
            )
        return dataset

    @staticmethod
    def _mandate(deputy) -> Mandate | None:
        current = getattr(deputy, "current_mandates", [])
        county = [m for m in current if m.level == Level.COUNTY]
        return (county or current or [None])[0]

    def dehydrate_id_number(self, deputy) -> str:
        return deputy.id_number if self.unmasked else mask_id_number(deputy.id_number)

    def dehydrate_mobile(self, deputy) -> str:
        return deputy.mobile if self.unmasked else mask_mobile(deputy.mobile)

    def dehydrate_level(self, deputy) -> str:
        mandate = self._mandate(deputy)
        return chinese_label(Level, mandate.level) if mandate else ""

    def dehydrate_constituency(self, deputy) -> str:
        mandate = self._mandate(deputy)
        return str(mandate.constituency or "") if mandate else ""

    def dehydrate_division(self, deputy) -> str:
        mandate = self._mandate(deputy)
        return str(mandate.division or "") if mandate else ""

    def dehydrate_groups(self, deputy) -> str:
        mandate = self._mandate(deputy)
        return "、".join(g.name for g in mandate.groups.all()) if mandate else ""
