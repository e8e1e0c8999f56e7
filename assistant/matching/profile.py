"""The enterprise profile matched against the policies: what a company is, spends and holds.

Every field is optional because an absent answer is information too: the matcher marks the
conditions that depend on it "unknown" and asks the field's question, instead of guessing "no".
Zero is an answer ("we spend nothing on EDA tools"). Amounts are exact ``Decimal`` yuan, typed as
numbers or as users write them (300万, 1.2亿元, 3,000,000); areas are square metres.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema, model_validator

from assistant.amounts import MAX_AMOUNT_YUAN, AmountError, format_cny, format_yuan, parse_amount
from assistant.calculators import CalculationError, parse_area
from assistant.language import Language
from assistant.schema_types import Flag

FieldKind = Literal["bool", "industries", "money", "area"]

# Industry keys with their Chinese and English names; the names (any case) are accepted as input too.
INDUSTRIES: dict[str, tuple[str, str]] = {
    "integrated_circuits": ("集成电路", "integrated circuits"),
    "biomedicine": ("生物医药", "biomedicine"),
    "new_displays": ("新型显示", "new displays"),
    "artificial_intelligence": ("人工智能", "artificial intelligence"),
    "communications_5g": ("5G通信", "5G communications"),
    "industrial_internet": ("工业互联网", "industrial internet"),
    "chemicals": ("化工", "chemicals"),
    "automotive": ("汽车", "automotive"),
    "high_end_equipment": ("高端装备", "high-end equipment"),
    "new_materials": ("新材料", "new materials"),
    "other": ("其他", "other"),
}
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# Keys and names in any ASCII case ("New Displays"): a rule the schema's pattern states exactly, as
# Unicode case folding (the Kelvin sign, ligatures) would not be.
_INDUSTRY_NAMES = {name.translate(_ASCII_LOWER): key for key, names in INDUSTRIES.items() for name in (key, *names)}
MAX_AREA_M2 = Decimal(10**9)  # 1,000 km²: a larger plot is a typo


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the field and what to write instead."""


def _money(value: object) -> Decimal:
    """Yuan from a JSON number or a typed amount; floats via their shortest repr, so 1.1 stays 1.1."""
    if isinstance(value, bool):
        raise ValueError("expected an amount in yuan, not true/false")
    if isinstance(value, str):
        try:
            return parse_amount(value)
        except AmountError as error:
            raise ValueError(str(error)) from None
    if not isinstance(value, int | float | Decimal):
        raise ValueError("expected an amount in yuan: a number or a string such as '300万'")
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT_YUAN:
        raise ValueError(f"{value} yuan is not a usable amount: give 0 to 10万亿元 (10,000,000,000,000 yuan)")
    return amount


def _area(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError("expected an area in m²: a number or a string such as '5,000 m2'")
    try:
        area = parse_area(repr(value) if isinstance(value, float) else str(value))
    except CalculationError as error:
        raise ValueError(str(error)) from None
    if not area.is_finite() or area < 0 or area > MAX_AREA_M2:
        raise ValueError(f"{value} m² is not a usable area: give 0 to {MAX_AREA_M2:,} m²")
    return area


def _industry(value: object) -> str:
    key = _INDUSTRY_NAMES.get(value.translate(_ASCII_LOWER)) if isinstance(value, str) else None
    if key is None:
        raise ValueError(f"unknown industry {value!r}: use one of {', '.join(INDUSTRIES)}")
    return key


def _industries(value: object) -> object:
    """One industry or a list of them."""
    return [value] if isinstance(value, str) else value


def _any_case(name: str) -> str:
    """A pattern for ``name`` in any ASCII case (JSON Schema patterns take no flags); the names hold
    letters, digits, spaces, '-' and '_' only, none of which needs escaping."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isascii() and c.isalpha() else c for c in name)


def _number_or_text(maximum: Decimal, text: str) -> WithJsonSchema:
    """The request schema of a quantity: a number within its range, or text as users type it."""
    number = {"type": "number", "minimum": 0, "maximum": int(maximum)}
    return WithJsonSchema({"anyOf": [number, {"type": "string", "description": text}]}, mode="validation")


_INDUSTRY_SCHEMA = {
    "anyOf": [
        {"type": "string", "enum": list(INDUSTRIES)},
        {
            "type": "string",
            "pattern": f"^(?:{'|'.join(_any_case(name) for name in _INDUSTRY_NAMES)})$",
            "description": "a key, or its Chinese or English name, in any case",
        },
    ]
}
Money = Annotated[Decimal, BeforeValidator(_money), _number_or_text(MAX_AMOUNT_YUAN, "an amount: 300万, 1.2亿元")]
Area = Annotated[Decimal, BeforeValidator(_area), _number_or_text(MAX_AREA_M2, "an area: 5000, '5,000 m2'")]
Industry = Annotated[
    str,
    BeforeValidator(_industry),
    WithJsonSchema(_INDUSTRY_SCHEMA, mode="validation"),
    WithJsonSchema({"type": "string", "enum": list(INDUSTRIES)}, mode="serialization"),
]
# One industry or a list of them.
Industries = Annotated[
    list[Industry],
    BeforeValidator(_industries),
    WithJsonSchema({"anyOf": [_INDUSTRY_SCHEMA, {"type": "array", "items": _INDUSTRY_SCHEMA}]}, mode="validation"),
]


def _field(kind: FieldKind, label: tuple[str, str], question: tuple[str, str], description: str) -> Any:
    """An optional profile field with the labels and the question the matcher shows for it."""
    extra = {"kind": kind, "label_zh": label[0], "label_en": label[1], "question_zh": question[0]}
    return Field(default=None, description=description, json_schema_extra={**extra, "question_en": question[1]})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field must fail, not silently become unknown


class Spending(_Strict):
    """Planned or past spending, in yuan (a number or "300万"); 0 means none, absent means not said."""

    eda_tools: Money | None = _field(
        "money",
        ("采购自主安全可控EDA工具的金额", "spending on EDA (electronic design automation) tools"),
        ("采购自主安全可控的电子设计自动化（EDA）工具花了（或计划花）多少钱？", "How much do you spend on EDA tools?"),
        "actual purchase amount of domestic, secure and controllable EDA tools",
    )
    first_of_a_kind_contract: Money | None = _field(
        "money",
        ("首台套、首批次、首版次创新产品合同金额", "first-of-a-kind product contract amount"),
        (
            "首台套装备、首批次材料或首版次软件的创新产品合同金额是多少？",
            "What is the contract amount for your first-of-a-kind equipment, material or software?",
        ),
        "contract amount of a first-of-a-kind (首台套/首批次/首版次) innovative product",
    )
    technical_renovation: Money | None = _field(
        "money",
        ("技术改造项目总投入", "technical renovation project investment"),
        ("技术改造项目的总投入是多少？", "What is the total investment of your technical renovation project?"),
        "total investment of a technical renovation project",
    )
    innovative_drug_rd: Money | None = _field(
        "money",
        ("Ⅰ类创新药研发投入", "R&D spending on a Class I innovative drug"),
        ("Ⅰ类创新药的研发投入是多少？", "How much R&D spending went into a Class I innovative drug?"),
        "R&D spending on a Class I innovative drug (licensed and produced through contract manufacturing)",
    )
    innovative_device_rd: Money | None = _field(
        "money",
        ("创新医疗器械研发投入", "R&D spending on an innovative medical device"),
        (
            "进入创新医疗器械特别审查程序的产品研发投入是多少？",
            "How much R&D spending went into an innovative medical device (special review procedure)?",
        ),
        "R&D spending on a medical device in the innovative device special review procedure",
    )
    green_project: Money | None = _field(
        "money",
        ("绿色低碳项目投资", "green or low-carbon project investment"),
        (
            "节能改造、清洁生产或低碳零碳示范项目的投资是多少？",
            "How much do you invest in energy-saving, clean-production or low-carbon demonstration projects?",
        ),
        "investment in an energy-saving, clean-production or low/zero-carbon demonstration project",
    )
    verification_insurance: Money | None = _field(
        "money",
        ("上线验证实际支付的保险费", "insurance premiums paid for online verification"),
        (
            "集成电路装备、材料或EDA工具上线验证实际支付了多少保险费？",
            "How much insurance premium did you pay for online verification of IC equipment, materials or EDA?",
        ),
        "insurance premiums actually paid for online verification of IC equipment, materials or EDA tools",
    )
    demonstration_project: Money | None = _field(
        "money",
        ("应用场景标杆性示范项目投资", "investment in a flagship application-scenario demonstration project"),
        (
            "人工智能、5G或工业互联网应用场景示范项目的投资是多少？",
            "How much do you invest in an AI, 5G or industrial-internet demonstration project?",
        ),
        "investment in a flagship demonstration project for AI, 5G or industrial-internet application scenarios",
    )


class Land(_Strict):
    """Land and buildings the enterprise holds."""

    industrial_land_m2: Area | None = _field(
        "area",
        ("自有工业用地面积（平方米）", "industrial land held (m²)"),
        ("企业自有工业用地面积是多少平方米？", "How many square metres of industrial land does the enterprise hold?"),
        "industrial land the enterprise holds the use rights to, in m² (a number or '20,000 m2')",
    )


class EnterpriseProfile(_Strict):
    """An enterprise as the matcher sees it; ``name`` and ``notes`` are recorded, not matched."""

    name: str = Field(default="", max_length=200, description="enterprise name, shown in the report")
    notes: str = Field(default="", max_length=2000, description="free description in Chinese or English")
    industries: Industries | None = _field(
        "industries",
        ("所属行业", "industries"),
        (
            "贵企业属于哪些行业（如集成电路、生物医药、新型显示、人工智能、化工）？",
            "Which industries is the enterprise in (integrated circuits, biomedicine, new displays, AI, chemicals …)?",
        ),
        "one industry key or a list: " + ", ".join(INDUSTRIES),
    )
    registered_in_shanghai: Flag | None = _field(
        "bool",
        ("在本市（上海）注册", "registered in Shanghai"),
        ("企业是否在上海注册？", "Is the enterprise registered in Shanghai?"),
        "registered in Shanghai",
    )
    large_enterprise: Flag | None = _field(
        "bool",
        ("大型企业", "a large enterprise"),
        ("企业是否属于大型企业？", "Is the enterprise a large enterprise?"),
        "a large enterprise under the national size classification",
    )
    annual_output: Money | None = _field(
        "money",
        ("年产值（工业产值）", "annual (industrial) output"),
        ("企业今年的年产值（工业产值）是多少？", "What is the enterprise's annual industrial output this year?"),
        "annual industrial output this year, in yuan",
    )
    crossed_scale_threshold_this_year: Flag | None = _field(
        "bool",
        (
            "今年首次跨过规模门槛（小升规，或产值首次突破某一规模档）",
            "crossed a scale threshold for the first time this year",
        ),
        (
            "企业今年是否首次跨过规模门槛（小升规，或工业产值首次突破某一规模档）？",
            "Did the enterprise cross a scale threshold for the first time this year (became above-scale, or its "
            "output first passed a size tier)?",
        ),
        "output crossed a size threshold (above-scale, or a tier the policy names) for the first time this year",
    )
    major_industrial_project: Flag | None = _field(
        "bool",
        ("有经认定的重大产业项目", "has a recognized major industrial project"),
        (
            "企业是否有国家或本市认定的战略性、重大产业项目？",
            "Does the enterprise have a national or municipal strategic or major industrial project?",
        ),
        "has a project recognized as a national or municipal strategic or major industrial project",
    )
    self_controllable: Flag | None = _field(
        "bool",
        (
            "所采购或验证的产品、工具属于自主安全可控",
            "the tools or products bought or verified are domestic, secure and controllable (自主安全可控)",
        ),
        (
            "采购或上线验证的EDA工具、装备、材料是否属于自主安全可控（国产）产品？",
            "Are the EDA tools, equipment or materials you buy or verify domestic, secure and controllable?",
        ),
        "the EDA tools, IC equipment or materials are domestic, secure and controllable (自主安全可控)",
    )
    innovative_product: Flag | None = _field(
        "bool",
        ("属于首台套、首批次、首版次创新产品", "a first-of-a-kind, first-batch or first-version innovative product"),
        (
            "产品是否属于首台套装备、首批次材料或首版次软件（创新产品）？",
            "Is the product first-of-a-kind equipment, a first-batch material or first-version software?",
        ),
        "the product is a first-of-a-kind (首台套), first-batch (首批次) or first-version (首版次) innovative product",
    )
    government_guaranteed_loan: Flag | None = _field(
        "bool",
        (
            "银行贷款由政府性融资担保机构担保",
            "the bank loan is guaranteed by a government financing guarantee institution",
        ),
        (
            "银行贷款是否通过政府性融资担保机构担保获得？",
            "Was the bank loan obtained with a guarantee from a government financing guarantee institution?",
        ),
        "a bank loan obtained through a government financing guarantee institution",
    )
    class_one_innovative_drug: Flag | None = _field(
        "bool",
        ("属于Ⅰ类创新药", "a Class I innovative drug"),
        ("药品是否属于Ⅰ类创新药？", "Is the drug a Class I innovative drug?"),
        "the drug is a Class I innovative drug",
    )
    drug_marketing_approved: Flag | None = _field(
        "bool",
        ("获得上市许可", "approved for marketing"),
        ("药品是否已获得上市许可？", "Has the drug been approved for marketing?"),
        "the drug has obtained its marketing authorisation (获得许可), not still in clinical trials",
    )
    produced_in_shanghai: Flag | None = _field(
        "bool",
        ("在本市生产或委托生产实现产出", "produced in Shanghai, by the enterprise or a contract manufacturer"),
        (
            "产品是否通过本市生产或委托生产实现产出？",
            "Is the product produced in Shanghai (own plant or contract manufacturing)?",
        ),
        "the product is produced in Shanghai, by the enterprise itself or by contract manufacturing",
    )
    contract_manufacturing: Flag | None = _field(
        "bool",
        ("以委托生产方式实现产出", "produced through contract manufacturing"),
        ("药品是否以委托生产方式实现产出？", "Is the drug produced through contract manufacturing (委托生产)?"),
        "the drug is produced by a contract manufacturer (委托生产), as measure 15 requires for Class I drugs",
    )
    device_special_review: Flag | None = _field(
        "bool",
        (
            "进入国家或本市创新医疗器械特别审查程序",
            "in the national or Shanghai innovative medical device special review procedure",
        ),
        (
            "医疗器械是否进入国家或本市创新医疗器械特别审查程序？",
            "Is the device in the national or Shanghai innovative medical device special review procedure?",
        ),
        "the medical device entered the national or Shanghai special review procedure for innovative devices",
    )
    first_device_registration: Flag | None = _field(
        "bool",
        ("首次取得医疗器械注册证", "obtained its first medical device registration certificate"),
        (
            "该医疗器械是否首次取得医疗器械注册证？",
            "Did the device obtain its medical device registration certificate for the first time?",
        ),
        "the device obtained a medical device registration certificate for the first time",
    )
    municipal_specialty_park: Flag | None = _field(
        "bool",
        ("位于市级特色产业园区", "in a municipal-level specialty industrial park"),
        ("项目是否位于市级特色产业园区？", "Is the project in a municipal-level specialty industrial park?"),
        "the project is in a municipal-level specialty industrial park",
    )
    public_service_platform: Flag | None = _field(
        "bool",
        (
            "建设创新中心、检测机构等公共服务平台",
            "building a public service platform (innovation centre, testing institution …)",
        ),
        (
            "项目是否是服务产业集群的创新中心、检测机构等公共服务平台？",
            "Is the project a public service platform such as an innovation centre or testing institution?",
        ),
        "a public service platform (innovation centre, testing institution …) serving an industry cluster",
    )
    international_standard: Flag | None = _field(
        "bool",
        ("研究制定具有行业影响力的国际标准", "drafting an international standard with industry influence"),
        ("研究制定的是否是国际标准？", "Is the standard you are drafting an international standard?"),
        "the project drafts an international standard (or another soft-power project such as IP)",
    )
    flagship_demonstration: Flag | None = _field(
        "bool",
        ("属于标杆性示范项目", "a flagship (标杆性) demonstration project"),
        (
            "项目是否属于应用场景标杆性示范项目？",
            "Is the project a flagship demonstration project of an application scenario?",
        ),
        "the project is a flagship demonstration project of an application scenario",
    )
    key_foreign_project_list: Flag | None = _field(
        "bool",
        ("列入市级重点外资项目清单", "on the municipal list of key foreign-investment projects"),
        (
            "项目是否列入市级重点外资项目清单？",
            "Is the project on the municipal list of key foreign-investment projects?",
        ),
        "the manufacturing project is on the municipal list of key foreign-investment projects",
    )
    verification_service_organisation: Flag | None = _field(
        "bool",
        (
            "属于集成电路首台套装备、首批次新材料验证服务机构",
            "a verification service organisation for IC first-of-a-kind equipment or first-batch materials",
        ),
        (
            "贵单位是否是集成电路首台套装备或首批次新材料的验证服务机构？",
            "Are you a verification service organisation for IC first-of-a-kind equipment or first-batch materials?",
        ),
        "a verification service organisation for IC first-of-a-kind equipment or first-batch new materials",
    )
    ai_compute_purchase: Flag | None = _field(
        "bool",
        ("采购人工智能算力服务", "buys artificial-intelligence computing-power services"),
        ("企业是否采购人工智能算力服务？", "Does the enterprise buy AI computing-power services?"),
        "buys artificial-intelligence computing-power services (measure 18's compute vouchers)",
    )
    recognized_key_renovation: Flag | None = _field(
        "bool",
        ("经认定的重点产业领域重大技术改造项目", "a recognized major technical renovation project in a key industry"),
        (
            "技术改造项目是否经认定为重点产业领域重大技术改造项目？",
            "Is the renovation project recognized as a major technical renovation project in a key industry?",
        ),
        "the technical renovation project is recognized as a major one in a key industry (cap raised to 1亿元)",
    )
    in_special_area: Flag | None = _field(
        "bool",
        (
            "项目位于临港、上海化工区等市属特定区域",
            "the project is in a municipal special area (Lingang, Shanghai Chemical Industry Park …)",
        ),
        (
            "项目是否位于临港、上海化工区等市属特定区域？",
            "Is the project in a municipal special area such as Lingang or the Shanghai Chemical Industry Park?",
        ),
        "the project lies in a municipal special area such as Lingang or the Shanghai Chemical Industry Park",
    )
    innovative_drug_or_device: Flag | None = _field(
        "bool",
        ("属于创新药械（非仿制药等）", "an innovative drug or medical device (not a generic)"),
        (
            "这个药品或医疗器械是否属于创新药械（而非仿制药、生物类似药）？",
            "Is the drug or device an innovative one (not a generic or biosimilar)?",
        ),
        "the drug or medical device is an innovative one (创新药械), not a generic or biosimilar",
    )
    industrial_land: Flag | None = _field(
        "bool",
        ("土地属于工业企业的工业用地", "the land is an industrial enterprise's industrial land"),
        (
            "这块土地是不是工业用地（而非商业、办公或住宅用地）？",
            "Is the plot industrial land (not commercial, office or residential land)?",
        ),
        "the plot is industrial land (工业用地), not commercial, office or residential land",
    )
    far_increase_approved: Flag | None = _field(
        "bool",
        ("工业用地提升容积率经批准", "the floor-area-ratio increase on industrial land was approved"),
        ("工业用地提升容积率是否经过批准？", "Was the floor-area-ratio increase on your industrial land approved?"),
        "the industrial enterprise's floor-area-ratio increase on industrial land was approved",
    )
    warehouse_certified: Flag | None = _field(
        "bool",
        (
            "危化品仓库经市级主管部门会同相关部门认证通过",
            "the warehouse application was certified by the municipal authority with the departments concerned",
        ),
        (
            "危化品仓库申请是否已经市级危化品仓库主管部门会同相关部门认证通过？",
            "Has the municipal hazardous-chemicals warehouse authority certified the application?",
        ),
        "the hazardous-chemicals warehouse application was certified by the municipal authority",
    )
    in_chemical_park: Flag | None = _field(
        "bool",
        ("企业位于化工园区内", "the enterprise is inside a chemical park"),
        ("企业是否位于化工园区内？", "Is the enterprise inside a chemical park?"),
        "the existing chemical enterprise lies inside a chemical park",
    )
    major_hazard_or_high_risk: Flag | None = _field(
        "bool",
        ("涉及“两重点、一重大”且总体安全风险不低", "involves the 'two key points, one major hazard', not low-risk"),
        (
            "危化项目是否涉及“两重点、一重大”且总体安全风险不低？",
            "Does the hazardous-chemical project involve the 'two key points and one major hazard' without a low "
            "overall safety risk?",
        ),
        "the hazardous-chemical project involves key processes, key chemicals or a major hazard source and its "
        "overall safety risk is not low",
    )
    quality_project_recognized: Flag | None = _field(
        "bool",
        (
            "改扩建项目已通过现有优质项目认定程序",
            "the expansion project passed the existing high-quality project recognition procedure",
        ),
        (
            "改扩建项目是否已通过现有优质项目认定程序？",
            "Has the expansion project passed the existing high-quality project recognition procedure?",
        ),
        "the expansion project of an enterprise outside the parks passed the high-quality project recognition",
    )
    park_fund_invested: Flag | None = _field(
        "bool",
        ("获得市级园区高质量发展基金投资", "invested in by the municipal park high-quality development fund"),
        (
            "是否获得市级园区高质量发展基金投资？",
            "Has the municipal park high-quality development fund invested in you?",
        ),
        "the entity is a project the municipal park high-quality development fund invested in",
    )
    meets_quality_safety: Flag | None = _field(
        "bool",
        (
            "建筑单体已竣工、满足使用功能并符合规划和质量安全要求",
            "the building is completed, usable and meets planning, quality and safety requirements",
        ),
        (
            "建筑单体是否已竣工、满足使用功能并符合规划和质量安全要求？",
            "Is the building completed, usable and compliant with planning, quality and safety requirements?",
        ),
        "a single building is completed, usable and meets planning, quality and safety requirements",
    )
    industrial_project: Flag | None = _field(
        "bool",
        ("属于产业项目", "an industrial project"),
        ("项目是否属于产业项目？", "Is it an industrial project?"),
        "the project is an industrial (manufacturing) project",
    )
    high_end_manufacturer: Flag | None = _field(
        "bool",
        ("属于高端制造业企业", "a high-end manufacturing enterprise"),
        ("企业是否属于高端制造业企业？", "Is the enterprise a high-end manufacturing enterprise?"),
        "a high-end (advanced) manufacturing enterprise",
    )
    own_land: Flag | None = _field(
        "bool",
        ("利用自有土地", "on the enterprise's own land"),
        ("建设用地是否为企业自有土地？", "Is the land the enterprise's own (not leased)?"),
        "the land is the enterprise's own, not leased (measure 5's dormitories are built on own land)",
    )
    park_redevelopment_loan: Flag | None = _field(
        "bool",
        ("产业园区“二转二”开发贷款", "an industrial park's 'second transformation' development loan"),
        ("贷款是否为产业园区“二转二”开发贷款？", "Is the loan an industrial park's redevelopment ('二转二') loan?"),
        "the loan is a development loan of an industrial park's redevelopment (二转二), not an ordinary business loan",
    )
    district_support: Flag | None = _field(
        "bool",
        ("取得所在区支持", "backed by its district"),
        ("项目是否已取得所在区支持？", "Has the project obtained its district's support?"),
        "the project has obtained the support of the district it is in",
    )
    catalogue_listed: Flag | None = _field(
        "bool",
        ("列入本市创新产品推荐目录", "listed in the municipal innovative product catalogue"),
        ("产品是否已列入本市创新产品推荐目录？", "Is the product in the municipal innovative product catalogue?"),
        "the product is listed in Shanghai's innovative product recommendation catalogue (not only applying)",
    )
    tech_startup: Flag | None = _field(
        "bool",
        ("科技型初创企业", "a technology start-up"),
        ("企业是否为科技型初创企业？", "Is the enterprise a technology start-up?"),
        "a technology start-up (measure 4's restricted-use properties are for them)",
    )
    innovation_platform: Flag | None = _field(
        "bool",
        ("创新平台（制造业创新中心等）", "an innovation platform (manufacturing innovation centre …)"),
        ("申请主体是否为创新平台？", "Is the applicant an innovation platform?"),
        "the applicant is an innovation platform, such as a manufacturing innovation centre, not an enterprise",
    )
    core_team_member: Flag | None = _field(
        "bool",
        ("企业核心团队成员（个人奖励）", "a core team member of the enterprise (personal award)"),
        ("申请人是否为企业核心团队成员？", "Is the applicant a core team member of the enterprise?"),
        "the person asking about measure 24's award is a core team member of an enterprise",
    )
    spending: Spending = Field(default_factory=Spending, description="planned or past spending, yuan")
    land: Land = Field(default_factory=Land, description="land and buildings")

    @model_validator(mode="after")
    def _held_land_is_own(self) -> EnterpriseProfile:
        """The land area asked is of land the enterprise holds: given, it is its own unless said otherwise
        (我们租的地2万平方米 states both)."""
        if self.own_land is None and self.land.industrial_land_m2 is not None:
            self.own_land = True
        return self


@dataclass(frozen=True)
class ProfileField:
    """A matchable field: its dotted path, kind, labels and the question that settles it."""

    path: str
    kind: FieldKind
    label_zh: str
    label_en: str
    question_zh: str
    question_en: str


def _fields(model: type[BaseModel], prefix: str = "") -> dict[str, ProfileField]:
    found: dict[str, ProfileField] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        annotation = info.annotation
        if isinstance(extra, dict) and "kind" in extra:
            found[prefix + name] = ProfileField(path=prefix + name, **{k: str(v) for k, v in extra.items()})
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found |= _fields(annotation, f"{prefix}{name}.")
    return found


PROFILE_FIELDS: dict[str, ProfileField] = _fields(EnterpriseProfile)


def field_value(profile: EnterpriseProfile, path: str) -> Any:
    """The value at a dotted path (``spending.eda_tools``); None when the profile does not say."""
    value: Any = profile
    for part in path.split("."):
        value = getattr(value, part)
    return value


def display_value(value: Any, kind: FieldKind, lang: Language) -> str:
    """A profile value as the report shows it: 3,000,000 元（300万元）, 是/yes, 集成电路, 20,000 m²."""
    if value is None:
        return "未知" if lang == "zh" else "unknown"
    if kind == "bool":
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if kind == "industries":
        return ("、" if lang == "zh" else ", ").join(INDUSTRIES[key][0 if lang == "zh" else 1] for key in value)
    if kind == "area":
        return f"{value:,f} m²"
    return f"{format_yuan(value)} 元（{format_cny(value)}）" if lang == "zh" else f"{format_yuan(value)} yuan"


def describe_errors(error: ValidationError) -> str:
    """A validation error on one line: ``spending.eda_tools: Amount '-5万' is negative …``."""
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        problems.append(f"{where}: {item['msg'].removeprefix('Value error, ')}" if where else item["msg"])
    return "; ".join(problems)


def parse_profile(text: str, source: str = "profile") -> EnterpriseProfile:
    """A profile from JSON text; JSON numbers are read as exact decimals, never through binary floats."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise ProfileError(f"{source} is not valid JSON: {error.msg} at line {error.lineno}") from None
    if not isinstance(data, dict):
        raise ProfileError(f'{source} must hold a JSON object such as {{"industries": ["biomedicine"]}}')
    try:
        return EnterpriseProfile.model_validate(data)
    except ValidationError as error:
        raise ProfileError(f"{source}: {describe_errors(error)}") from None


def load_profile(path: Path) -> EnterpriseProfile:
    """Read a PROFILE.json file; a missing file is FileNotFoundError, a bad one ProfileError."""
    if not path.is_file():
        raise FileNotFoundError(f"no profile file at {path}: write one like the example in the README")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ProfileError(f"{path} is not UTF-8 text: save the profile as UTF-8 JSON") from None
    return parse_profile(text, str(path))
