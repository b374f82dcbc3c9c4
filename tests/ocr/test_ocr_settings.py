import pytest

from bitonal import BitonalError
from bitonal.ocr.settings import RecognizeSettings, SettingsError


def test_defaults_follow_the_sdk():
    s = RecognizeSettings.parse({})
    assert s.make_skew_correct is True and s.make_binarization is False
    assert s.outputs == ["Text"] and s.tesseract_language == "eng"


def test_exact_json_names():
    s = RecognizeSettings.parse(
        {
            "language": "English",
            "makeSkewCorrect": False,
            "makeBinarization": True,
            "makeSpellCheck": False,
            "makeContrastCorrection": True,
            "makeUpsampling": True,
            "dsrMode": "NoDsrNoFilter",
            "dsrConfidence": "High",
            "resultType": "TextAndPdfAndHocr",
            "Rotate": 90,
            "resultTypeTable": "Text",
            "regions": [{"rect": {"topLeftX": 1, "topLeftY": 2, "bottomRightX": 30, "bottomRightY": 40}, "order": 0}],
        }
    )
    assert s.rotate == 90 and s.make_upsampling and s.outputs == ["Text", "Pdf", "Hocr"]
    assert s.regions[0].rect.box == (1, 2, 30, 40)
    assert s.min_word_confidence == 70.0


def test_sdk_model_round_trip():
    sdk = pytest.importorskip("aspose_ocr_cloud")
    from aspose_ocr_cloud.models.ocr_rect import OCRRect
    from aspose_ocr_cloud.models.ocr_region import OCRRegion

    settings = sdk.OCRSettingsRecognizeImage(
        language="English",
        make_binarization=True,
        result_type="TextAndHocr",
        dsr_mode="Regions",
        rotate=0,
        regions=[OCRRegion(rect=OCRRect(top_left_x=0, top_left_y=0, bottom_right_x=10, bottom_right_y=10), order=1)],
    )
    ours = RecognizeSettings.parse(settings.to_dict())
    assert ours.make_binarization and ours.outputs == ["Text", "Hocr"] and ours.regions[0].order == 1


def test_left_top_width_height_rect_is_accepted():
    s = RecognizeSettings.parse({"regions": [{"rect": {"left": 5, "top": 6, "width": 10, "height": 20}}]})
    assert s.regions[0].rect.box == (5, 6, 15, 26)


@pytest.mark.parametrize(
    "settings, field",
    [
        ({"dsrMode": "Magic"}, "dsrMode"),
        ({"dsrConfidence": "Sure"}, "dsrConfidence"),
        ({"resultType": "Docx"}, "resultType"),
        ({"resultType": "JSON"}, "resultType"),
        ({"resultTypeTable": "Excel"}, "resultTypeTable"),
        ({"makeSpellCheck": True}, "makeSpellCheck"),
        ({"makeBinarization": "yes"}, "makeBinarization"),
        ({"Rotate": "ninety"}, "Rotate"),
        ({"rotate": 90}, "rotate"),
        ({"language": "Klingon"}, "language"),
        ({"language": "German"}, "language"),  # deu.traineddata not installed here
        ({"regions": [{"rect": {"topLeftX": 5, "topLeftY": 5, "bottomRightX": 1, "bottomRightY": 9}}]}, "regions"),
        ({"regions": [{"rect": {"topLeftX": -1, "topLeftY": 5, "bottomRightX": 1, "bottomRightY": 9}}]}, "topLeftX"),
        ({"colour": True}, "colour"),
    ],
)
def test_errors_name_the_field(settings, field):
    if field == "language" and settings["language"] == "German":
        import os

        from bitonal.ocr.settings import tessdata_dir

        if os.path.exists(os.path.join(tessdata_dir(), "deu.traineddata")):
            pytest.skip("German data installed")
    with pytest.raises(SettingsError, match=field) as info:
        RecognizeSettings.parse(settings)
    assert isinstance(info.value, BitonalError)


def test_missing_tessdata_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(SettingsError, match="language.*eng.traineddata"):
        RecognizeSettings.parse({})
